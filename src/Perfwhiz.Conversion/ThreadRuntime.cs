namespace Perfwhiz.Conversion;

/// <summary>A thread's sched_stat_runtime: since its last switch out (null: none since), and over the capture.</summary>
internal struct ThreadRuntime
{
    public long? SinceSwitch;
    public long Total;
}
