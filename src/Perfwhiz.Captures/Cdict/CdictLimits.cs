using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// What a cdict's values may be: a value outside these limits is refused on read with one error
/// naming the row, so that no analysis overflows, or allocates for, what a damaged file says.
/// </summary>
internal static class CdictLimits
{
    /// <summary>
    /// CPU numbers run from 0 to 8191: Linux's NR_CPUS is at most 8192 (x86 MAXSMP). The core map
    /// allocates per task and core, so an unbounded CPU number costs memory without limit.
    /// </summary>
    public const int MaxCpus = 8192;

    /// <summary>
    /// Times lie within ±2^62 ns (146 years) of the first event, and durations together stay
    /// under 2^62 ns: a time minus a duration, or a sum of durations, then cannot overflow.
    /// </summary>
    public const long MaxAbsNs = 1L << 62;

    /// <summary>Refuses a CPU number outside 0 .. <see cref="MaxCpus"/> - 1.</summary>
    public static void CheckCpu(int cpu, string source, string column, int row)
    {
        if ((uint)cpu >= MaxCpus)
        {
            throw new CdictFormatException($"{source}: {column} {cpu} in row {row} is not a CPU number (0 to {MaxCpus - 1}, Linux's largest NR_CPUS)");
        }
    }

    /// <summary>
    /// Refuses a time beyond the limit. Not the order of the rows: perfcap writes them in time
    /// order, but no analysis fails on rows out of order, and tools that write cdicts by hand may.
    /// </summary>
    public static void CheckTime(long timeNs, string source, string column, int row)
    {
        if (timeNs is < -MaxAbsNs or > MaxAbsNs)
        {
            throw new CdictFormatException($"{source}: {column} {timeNs} ns in row {row} is more than 146 years from the capture's start");
        }
    }

    /// <summary>Adds a duration's size to <paramref name="total"/>, refusing durations that together exceed the limit.</summary>
    public static void AddDuration(ref ulong total, long durationNs, string source, int row)
    {
        // A size is at most 2^63, so the total, checked at every step, stays below 2^62 + 2^63.
        total += durationNs < 0 ? unchecked((ulong)-durationNs) : (ulong)durationNs;
        if (total > MaxAbsNs)
        {
            throw new CdictFormatException($"{source}: the durations up to row {row} add up to more than 146 years");
        }
    }

    /// <summary>Checks the CPUs and times of a wakeup table; the first row out of the limits is named.</summary>
    /// <param name="unkeptCpus">The cpu column as read, when the table does not keep it (null when it does).</param>
    /// <param name="unkeptTargetCpus">The target_cpu column as read, when the table does not keep it.</param>
    public static void CheckWakeups(WakeupTable wakeups, UnkeptCpus? unkeptCpus, UnkeptCpus? unkeptTargetCpus, string source)
    {
        var rows = wakeups.Count;
        // Whole columns first, the common case of millions of good rows at memory speed.
        if ((unkeptCpus?.AreCpus ?? AreCpus(wakeups.Cpu.AsSpan(0, rows)))
            && (unkeptTargetCpus?.AreCpus ?? AreCpus(wakeups.TargetCpu.AsSpan(0, rows)))
            && AreTimes(wakeups.TimeNs.AsSpan(0, rows)))
        {
            return;
        }

        for (var row = 0; row < rows; row++)
        {
            CheckCpu(unkeptCpus?.CheckedValue(row) ?? wakeups.Cpu[row], source, "wakeup cpu", row);
            CheckCpu(unkeptTargetCpus?.CheckedValue(row) ?? wakeups.TargetCpu[row], source, "wakeup target_cpu", row);
            CheckTime(wakeups.TimeNs[row], source, "wakeup time_ns", row);
        }
    }

    /// <summary>Whether every value is a CPU number (<see cref="CheckCpu"/>).</summary>
    public static bool AreCpus(ReadOnlySpan<int> cpus)
    {
        var outside = 0u;
        foreach (var cpu in cpus)
        {
            outside |= (uint)cpu & ~(MaxCpus - 1u);
        }

        return outside == 0;
    }

    /// <summary>Whether every value is a time within the limit (<see cref="CheckTime"/>).</summary>
    public static bool AreTimes(ReadOnlySpan<long> times)
    {
        foreach (var time in times)
        {
            // -MaxAbsNs .. MaxAbsNs shifted to 0 .. 2 MaxAbsNs; anything else wraps beyond.
            if ((ulong)(time + MaxAbsNs) > 2UL * MaxAbsNs)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the durations together stay within the limit (<see cref="AddDuration"/>).</summary>
    public static bool AreDurations(ReadOnlySpan<long> durationsNs)
    {
        ulong total = 0;
        foreach (var durationNs in durationsNs)
        {
            total += durationNs < 0 ? unchecked((ulong)-durationNs) : (ulong)durationNs;
            if (total > MaxAbsNs)
            {
                return false;
            }
        }

        return true;
    }
}
