namespace Perfwhiz.Reports.Json;

/// <summary>One capture of the dashboard: where it came from and how healthy it is.</summary>
public sealed record RunDescription(
    string Name,
    string File,
    double Multiplier,
    double DurationMs,
    string? Host,
    string? Kernel,
    string? PerfVersion,
    int? CpuCount,
    long LostEvents,
    string? AnnotationSource,
    IReadOnlyList<string> Warnings);
