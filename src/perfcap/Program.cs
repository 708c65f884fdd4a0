using Perfwhiz.Cli;
using Perfwhiz.Perfcap;

HoldOffCollections();
return CliHost.Run(PerfcapCommand.Create(), args);

// A conversion allocates little but its tables' columns and queues, which live to its end, so a
// collection frees little; yet each one stops both converting threads. At 68 MB the tables'
// first growths past the GC's 3 MB large-object budget cost two gen2 collections, 1-2 ms of 70
// with every thread stopped. None runs in the first 64 MiB allocated (one, of a near-empty heap,
// runs here instead); past them, in larger captures, the GC works as usual. The only garbage is
// the tables' old arrays as they grow, so memory still follows what is kept.
static void HoldOffCollections()
{
    // An eighth of what the process may use, where a container limits it.
    var budget = Math.Min(64L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 8);
    try
    {
        _ = GC.TryStartNoGCRegion(budget);
    }
    catch (ArgumentOutOfRangeException)
    {
        // More than this GC can promise: collections run as usual.
    }
}
