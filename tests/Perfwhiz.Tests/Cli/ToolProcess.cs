using Perfwhiz.Tests.Infrastructure;

namespace Perfwhiz.Tests.Cli;

/// <summary>Runs perfcap or perfmap as a real process, as a user would, from the test's output folder.</summary>
internal static class ToolProcess
{
    public static (int ExitCode, string Output, string Error) Run(string tool, params string[] arguments) =>
        ExternalTool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, tool + ".dll"), .. arguments]);
}
