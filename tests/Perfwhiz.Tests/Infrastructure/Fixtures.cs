namespace Perfwhiz.Tests.Infrastructure;

/// <summary>Paths of the committed test fixtures (copied beside the test assembly).</summary>
internal static class Fixtures
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", relative);

    public static string PerfData(string name) => Path($"perf/{name}.perf.data");
}
