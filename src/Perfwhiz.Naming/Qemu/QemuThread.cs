namespace Perfwhiz.Naming.Qemu;

/// <summary>One thread of a qemu process: vcpu N, or the N-th emulator thread in tid order.</summary>
public sealed record QemuThread(int Tid, string Comm, QemuThreadKind Kind, int Index)
{
    /// <summary>The task type as the original's CSV map spells it: <c>vcpu0</c>, <c>emulator1</c>.</summary>
    public string Type => Kind == QemuThreadKind.Vcpu ? $"vcpu{Index}" : $"emulator{Index}";
}
