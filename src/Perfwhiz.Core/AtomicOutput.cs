namespace Perfwhiz;

/// <summary>A file to write with <see cref="AtomicFile.WriteAll"/>.</summary>
public sealed record AtomicOutput(string Path, Action<Stream> WriteContent)
{
    /// <summary>
    /// When set, the content is being computed elsewhere and <see cref="WriteContent"/> is not to
    /// run before this task ends: the file is then written by a pool thread once it has, instead of
    /// by a thread of its own that waits for it.
    /// </summary>
    public Task? ContentReady { get; init; }

    /// <summary>A file whose content is being computed by <paramref name="content"/>: written once it is (see <see cref="ContentReady"/>).</summary>
    public static AtomicOutput Computed(string path, Task<Action<Stream>> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new AtomicOutput(path, stream => content.GetAwaiter().GetResult()(stream)) { ContentReady = content };
    }
}
