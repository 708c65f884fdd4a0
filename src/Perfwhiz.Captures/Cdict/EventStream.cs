namespace Perfwhiz.Captures.Cdict;

/// <summary>Where a cdict's event stream lies in the file's bytes: at the start, <paramref name="Length"/> bytes long.</summary>
/// <param name="Bytes">The file's bytes.</param>
/// <param name="Length">The event stream's compressed length.</param>
/// <param name="Name">Names the file in errors.</param>
internal readonly record struct EventStream(CdictBytes Bytes, int Length, string Name);
