
namespace Perfwhiz.Tests.Infrastructure;

/// <summary>Runs perfcap or perfmap as a real process, as a user would, from the test's output folder.</summary>
internal static class ToolProcess
{
    public static (int ExitCode, string Output, string Error) Run(string tool, params string[] arguments) =>
        RunIn(string.Empty, tool, arguments);

    /// <summary>As <see cref="Run"/>, from <paramref name="workingDirectory"/>.</summary>
    public static (int ExitCode, string Output, string Error) RunIn(string workingDirectory, string tool, params string[] arguments) =>
        ExternalTool.RunIn(workingDirectory, "dotnet", [Path.Combine(AppContext.BaseDirectory, tool + ".dll"), .. arguments]);

    /// <summary>The task names <c>perfmap --list</c> prints for a cdict.</summary>
    public static HashSet<string> ListedTaskNames(string cdict)
    {
        var (exitCode, list, error) = Run("perfmap", cdict, "--list");
        Assert.True(exitCode == 0, error);
        return [.. list.Split('\n').Select(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? string.Empty)];
    }
}
