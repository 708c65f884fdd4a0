namespace Perfwhiz.Reports.Json;

/// <summary>Run time on a core as % of that core's time in the window, and switches there (-1: all cores).</summary>
public sealed record CoreCell(int Core, double Percent, long Switches);
