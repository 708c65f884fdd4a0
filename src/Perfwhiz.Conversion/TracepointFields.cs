namespace Perfwhiz.Conversion;

/// <summary>
/// The payload fields a tracepoint's decoder reads. <see cref="Pid"/>, <see cref="Comm"/> and
/// <see cref="Number"/> are required (but a switch without prev_state is kept, prev_state 0), and for a
/// switch <see cref="Related"/> (next_pid); the others are read when the format has them.
/// </summary>
/// <param name="Pid">The task the event is about.</param>
/// <param name="Comm">Its name, when the payload carries it.</param>
/// <param name="Number">prev_state, a run time or delay in ns, or an exit reason (<see cref="PendingEvent"/> names each).</param>
/// <param name="Related">next_pid, the target CPU of a wakeup, or the ISA of a kvm_exit.</param>
/// <param name="NextComm">The name of the task switched in.</param>
internal sealed record TracepointFields(string Pid, string? Comm = null, string? Number = null, string? Related = null, string? NextComm = null);
