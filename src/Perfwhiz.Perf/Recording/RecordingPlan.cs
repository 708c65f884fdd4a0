namespace Perfwhiz.Perf.Recording;

/// <summary>
/// The tracepoints a capture records: those its caller wants that the running kernel has. Each is
/// named (everything under kvm:*, as the original recorded, floods the buffers with kvm_emulate_insn
/// and friends).
/// </summary>
public sealed class RecordingPlan
{
    private RecordingPlan(IReadOnlyList<string> events, IReadOnlyList<string> missing)
    {
        Events = events;
        Missing = missing;
    }

    /// <summary>Tracepoints to record, as perf names them ("sched:sched_switch").</summary>
    public IReadOnlyList<string> Events { get; }

    /// <summary>Tracepoints wanted that the running kernel lacks, with their stand-ins (the capture health says what that costs).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>The plan for the kernel whose tracepoints are listed in <paramref name="eventsFolder"/>.</summary>
    /// <param name="wanted">
    /// The tracepoints to record, in order, each with those that stand in for it: the first of them
    /// the kernel has is recorded. The first tracepoint is required: without it nothing is recorded.
    /// </param>
    public static RecordingPlan For(string eventsFolder, IReadOnlyList<IReadOnlyList<string>> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var required = wanted[0][0];
        if (!Has(eventsFolder, required))
        {
            throw new PerfwhizException($"this kernel has no {required} tracepoint (not in {eventsFolder}): perfcap cannot capture here");
        }

        var events = new List<string>();
        var missing = new List<string>();
        foreach (var alternatives in wanted)
        {
            if (alternatives.FirstOrDefault(name => Has(eventsFolder, name)) is { } present)
            {
                events.Add(present);
            }
            else
            {
                missing.AddRange(alternatives);
            }
        }

        return new RecordingPlan(events, missing);
    }

    private static bool Has(string eventsFolder, string tracepoint) => Directory.Exists(Path.Combine(eventsFolder, tracepoint.Replace(':', '/')));
}
