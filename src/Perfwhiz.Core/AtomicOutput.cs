namespace Perfwhiz;

/// <summary>A file to write with <see cref="AtomicFile.WriteAll"/>.</summary>
public sealed record AtomicOutput(string Path, Action<Stream> WriteContent);
