namespace Perfwhiz.Tests.Infrastructure;

/// <summary>Folders of this checkout, found from the test assembly's folder.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding perfwhiz.slnx.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "perfwhiz.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no perfwhiz.slnx above {AppContext.BaseDirectory}");
    }
}
