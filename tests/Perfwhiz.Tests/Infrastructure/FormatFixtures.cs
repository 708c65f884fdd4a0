namespace Perfwhiz.Tests.Infrastructure;

/// <summary>The format texts under <c>tests/fixtures/formats</c> (see its README), copied next to the test assembly.</summary>
public static class FormatFixtures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures", "formats");

    public static string HeaderPage => File.ReadAllText(Path.Combine(Directory, "header_page"));

    public static string HeaderEvent => File.ReadAllText(Path.Combine(Directory, "header_event"));

    /// <summary>Loads e.g. <c>kvm/kvm_exit</c> or <c>legacy/3.10/kvm/kvm_exit</c>; the system is the parent directory's name.</summary>
    public static TracepointFormat Load(string relativePath)
    {
        var path = Path.Combine(Directory, relativePath);
        var system = Path.GetFileName(Path.GetDirectoryName(path))
            ?? throw new ArgumentException($"'{relativePath}' has no system directory.", nameof(relativePath));
        return TracepointFormat.Parse(system, File.ReadAllText(path));
    }
}
