namespace Perfwhiz.Analyses.Results;

/// <summary>A task that ran next after the given one on the same core, how often, and its share.</summary>
public sealed record Successor(string Task, long Count, double Percent);
