namespace Perfwhiz.Perf.Container;

/// <summary>perf_event_attr.read_format bits: they size a sample's READ field.</summary>
[Flags]
public enum ReadFormat : ulong
{
    None = 0,
    TotalTimeEnabled = 1 << 0,
    TotalTimeRunning = 1 << 1,
    Id = 1 << 2,
    Group = 1 << 3,
    Lost = 1 << 4,
}
