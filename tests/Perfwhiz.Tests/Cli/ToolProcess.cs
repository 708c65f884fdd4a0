using Perfwhiz.Tests.Infrastructure;

namespace Perfwhiz.Tests.Cli;

/// <summary>Runs perfcap or perfmap as a real process, as a user would, from the test's output folder.</summary>
internal static class ToolProcess
{
    public static (int ExitCode, string Output, string Error) Run(string tool, params string[] arguments) =>
        RunIn(string.Empty, tool, arguments);

    /// <summary>As <see cref="Run"/>, from <paramref name="workingDirectory"/>.</summary>
    public static (int ExitCode, string Output, string Error) RunIn(string workingDirectory, string tool, params string[] arguments) =>
        ExternalTool.RunIn(workingDirectory, "dotnet", [Path.Combine(AppContext.BaseDirectory, tool + ".dll"), .. arguments]);
}
