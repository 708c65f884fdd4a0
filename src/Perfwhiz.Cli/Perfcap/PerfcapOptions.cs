namespace Perfwhiz.Cli.Perfcap;

/// <summary>Everything perfcap was asked to do, parsed from the command line.</summary>
public sealed record PerfcapOptions(
    string RunName,
    string? UsePerfData,
    string DestinationFolder);
