namespace Perfwhiz.Naming.Qemu;

/// <summary>What a thread of a qemu process does for its VM.</summary>
public enum QemuThreadKind
{
    /// <summary>Runs one virtual CPU of the guest.</summary>
    Vcpu,

    /// <summary>Any other thread: the main loop, I/O, RCU, workers, KVM's own helpers.</summary>
    Emulator,
}
