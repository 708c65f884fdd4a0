namespace Perfwhiz.Reports.Json;

/// <summary>A KVM exit reason: its code as the kernel reports it and its name.</summary>
public sealed record ExitReason(uint Code, string Name);
