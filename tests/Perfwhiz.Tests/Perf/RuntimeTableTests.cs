using System.Runtime.CompilerServices;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// <see cref="RuntimeTable"/> keeps each thread's run times apart, whatever its id (negative, huge,
/// colliding), across its growth, and totals them as a dictionary would.
/// </summary>
[Trait("Kind", "unit")]
public class RuntimeTableTests
{
    [Fact]
    public void EachThreadKeepsItsOwnRunTimesAcrossGrowth()
    {
        var table = new RuntimeTable();
        var expected = new Dictionary<int, long>();
        var random = new Random(5);
        int[] odd = [0, -1, int.MinValue, int.MaxValue, 1 << 22, 256, 512];
        var tids = odd.Concat(Enumerable.Range(0, 5_000).Select(_ => random.Next(-100, 4_000_000))).ToArray();
        foreach (var tid in tids.Concat(tids.Reverse()))
        {
            var runtime = tid & 0xfff;
            ref var entry = ref table.GetOrAdd(tid);
            entry.Total += runtime;
            entry.SinceSwitch = tid;
            expected[tid] = expected.GetValueOrDefault(tid) + runtime;
        }

        Assert.Equal(expected.OrderBy(pair => pair.Key), table.Totals().OrderBy(pair => pair.Key));
        Assert.All(expected.Keys, tid => Assert.Equal(tid, table.Find(tid).SinceSwitch));
        Assert.True(Unsafe.IsNullRef(ref table.Find(4_000_001)));
    }
}
