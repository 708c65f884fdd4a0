namespace Perfwhiz.Captures.Cdict;

/// <summary>What a cdict's extension says about its event stream.</summary>
/// <param name="InflatedBytes">The event stream's inflated size; 0 when not announced.</param>
/// <param name="PrevStates">prev_state per event row; null when not recorded (original cdicts).</param>
internal readonly record struct EventExtras(long InflatedBytes, int[]? PrevStates);
