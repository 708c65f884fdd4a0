namespace Perfwhiz.Perf.Recording;

/// <summary>
/// The tracepoints a capture records: only those the analyses use and the running kernel has.
/// Everything under kvm:* (as the original recorded) floods the buffers with kvm_emulate_insn and
/// friends, so each tracepoint is named.
/// </summary>
public sealed class RecordingPlan
{
    // In order of use; '|' separates alternatives, the first the kernel has is recorded.
    // sched_waking only stands in for sched_wakeup: with both, every wakeup would be recorded twice.
    private static readonly string[] Optional =
    [
        "sched:sched_stat_runtime", "sched:sched_wakeup|sched:sched_waking", "sched:sched_wakeup_new",
        "sched:sched_stat_sleep", "sched:sched_stat_iowait", "kvm:kvm_exit", "kvm:kvm_entry",
    ];

    private const string Required = "sched:sched_switch";

    private RecordingPlan(IReadOnlyList<string> events, IReadOnlyList<string> missing)
    {
        Events = events;
        Missing = missing;
    }

    /// <summary>Tracepoints to record, as perf names them ("sched:sched_switch").</summary>
    public IReadOnlyList<string> Events { get; }

    /// <summary>Tracepoints the analyses would use that the running kernel lacks (the capture health says what that costs).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>The plan for the kernel whose tracepoints are listed in <paramref name="eventsFolder"/>.</summary>
    public static RecordingPlan For(string eventsFolder)
    {
        if (!Has(eventsFolder, Required))
        {
            throw new PerfwhizException($"this kernel has no {Required} tracepoint (not in {eventsFolder}): perfcap cannot capture scheduler events here");
        }

        var events = new List<string> { Required };
        var missing = new List<string>();
        foreach (var wanted in Optional)
        {
            var alternatives = wanted.Split('|');
            var present = Array.Find(alternatives, name => Has(eventsFolder, name));
            if (present is not null)
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
