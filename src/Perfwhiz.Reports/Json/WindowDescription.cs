namespace Perfwhiz.Reports.Json;

/// <summary>The analysed window in ms since each capture's first event.</summary>
public sealed record WindowDescription(double FromMs, double ToMs);
