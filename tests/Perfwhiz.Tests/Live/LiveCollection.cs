namespace Perfwhiz.Tests.Live;

/// <summary>
/// Tests that record the real kernel with perf: one at a time, since each records every CPU
/// (and one unmounts tracefs for a moment).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveCollection
{
    public const string Name = "live capture";
}
