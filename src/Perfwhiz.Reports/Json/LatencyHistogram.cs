namespace Perfwhiz.Reports.Json;

/// <summary>
/// A distribution of waits: the non-empty log-spaced buckets (ten per decade, the first one from
/// 0 to 1 µs, the last one from 7.94 s on), each from <see cref="FromUs"/>[i] to <see cref="ToUs"/>[i] µs.
/// </summary>
public sealed record LatencyHistogram(IReadOnlyList<double> FromUs, IReadOnlyList<double> ToUs, IReadOnlyList<long> Counts);
