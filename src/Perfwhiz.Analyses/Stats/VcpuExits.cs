namespace Perfwhiz.Analyses.Stats;

/// <summary>One vCPU thread's handled exits, per reason (shares of this thread's exits), most first.</summary>
public sealed record VcpuExits(string Task, int Tid, long Count, IReadOnlyList<ExitHandling> Reasons);
