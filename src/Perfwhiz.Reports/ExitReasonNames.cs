namespace Perfwhiz.Reports;

/// <summary>
/// Names of KVM exit reasons. A capture made by perfwhiz carries its own kernel's names (from the
/// kvm_exit format); cdicts of the original perfwhiz do not, so these built-in tables (Linux 6.18's
/// VMX and SVM lists) stand in. Codes no table knows are named by number, never an error.
/// </summary>
public static class ExitReasonNames
{
    /// <summary>VMX basic exit reasons (the low 16 bits of exit_reason).</summary>
    private static readonly Dictionary<uint, string> Vmx = new()
    {
        [0x0] = "EXCEPTION_NMI", [0x1] = "EXTERNAL_INTERRUPT", [0x2] = "TRIPLE_FAULT", [0x3] = "INIT_SIGNAL",
        [0x4] = "SIPI_SIGNAL", [0x7] = "INTERRUPT_WINDOW", [0x8] = "NMI_WINDOW", [0x9] = "TASK_SWITCH",
        [0xA] = "CPUID", [0xC] = "HLT", [0xD] = "INVD", [0xE] = "INVLPG",
        [0xF] = "RDPMC", [0x10] = "RDTSC", [0x12] = "VMCALL", [0x13] = "VMCLEAR",
        [0x14] = "VMLAUNCH", [0x15] = "VMPTRLD", [0x16] = "VMPTRST", [0x17] = "VMREAD",
        [0x18] = "VMRESUME", [0x19] = "VMWRITE", [0x1A] = "VMOFF", [0x1B] = "VMON",
        [0x1C] = "CR_ACCESS", [0x1D] = "DR_ACCESS", [0x1E] = "IO_INSTRUCTION", [0x1F] = "MSR_READ",
        [0x20] = "MSR_WRITE", [0x21] = "INVALID_STATE", [0x22] = "MSR_LOAD_FAIL", [0x24] = "MWAIT_INSTRUCTION",
        [0x25] = "MONITOR_TRAP_FLAG", [0x27] = "MONITOR_INSTRUCTION", [0x28] = "PAUSE_INSTRUCTION", [0x29] = "MCE_DURING_VMENTRY",
        [0x2B] = "TPR_BELOW_THRESHOLD", [0x2C] = "APIC_ACCESS", [0x2D] = "EOI_INDUCED", [0x2E] = "GDTR_IDTR",
        [0x2F] = "LDTR_TR", [0x30] = "EPT_VIOLATION", [0x31] = "EPT_MISCONFIG", [0x32] = "INVEPT",
        [0x33] = "RDTSCP", [0x34] = "PREEMPTION_TIMER", [0x35] = "INVVPID", [0x36] = "WBINVD",
        [0x37] = "XSETBV", [0x38] = "APIC_WRITE", [0x39] = "RDRAND", [0x3A] = "INVPCID",
        [0x3B] = "VMFUNC", [0x3C] = "ENCLS", [0x3D] = "RDSEED", [0x3E] = "PML_FULL",
        [0x3F] = "XSAVES", [0x40] = "XRSTORS", [0x43] = "UMWAIT", [0x44] = "TPAUSE",
        [0x4A] = "BUS_LOCK", [0x4B] = "NOTIFY", [0x4D] = "TDCALL", [0x54] = "MSR_READ_IMM",
        [0x55] = "MSR_WRITE_IMM",
    };

    /// <summary>SVM exit codes.</summary>
    private static readonly Dictionary<uint, string> Svm = new()
    {
        [0x0] = "read_cr0", [0x2] = "read_cr2", [0x3] = "read_cr3", [0x4] = "read_cr4",
        [0x8] = "read_cr8", [0x10] = "write_cr0", [0x12] = "write_cr2", [0x13] = "write_cr3",
        [0x14] = "write_cr4", [0x18] = "write_cr8", [0x20] = "read_dr0", [0x21] = "read_dr1",
        [0x22] = "read_dr2", [0x23] = "read_dr3", [0x24] = "read_dr4", [0x25] = "read_dr5",
        [0x26] = "read_dr6", [0x27] = "read_dr7", [0x30] = "write_dr0", [0x31] = "write_dr1",
        [0x32] = "write_dr2", [0x33] = "write_dr3", [0x34] = "write_dr4", [0x35] = "write_dr5",
        [0x36] = "write_dr6", [0x37] = "write_dr7", [0x40] = "DE excp", [0x41] = "DB excp",
        [0x43] = "BP excp", [0x44] = "OF excp", [0x45] = "BR excp", [0x46] = "UD excp",
        [0x47] = "NM excp", [0x48] = "DF excp", [0x4A] = "TS excp", [0x4B] = "NP excp",
        [0x4C] = "SS excp", [0x4D] = "GP excp", [0x4E] = "PF excp", [0x50] = "MF excp",
        [0x51] = "AC excp", [0x52] = "MC excp", [0x53] = "XF excp", [0x60] = "interrupt",
        [0x61] = "nmi", [0x62] = "smi", [0x63] = "init", [0x64] = "vintr",
        [0x65] = "cr0_sel_write", [0x66] = "read_idtr", [0x67] = "read_gdtr", [0x68] = "read_ldtr",
        [0x69] = "read_rt", [0x6A] = "write_idtr", [0x6B] = "write_gdtr", [0x6C] = "write_ldtr",
        [0x6D] = "write_rt", [0x6E] = "rdtsc", [0x6F] = "rdpmc", [0x70] = "pushf",
        [0x71] = "popf", [0x72] = "cpuid", [0x73] = "rsm", [0x74] = "iret",
        [0x75] = "swint", [0x76] = "invd", [0x77] = "pause", [0x78] = "hlt",
        [0x79] = "invlpg", [0x7A] = "invlpga", [0x7B] = "io", [0x7C] = "msr",
        [0x7D] = "task_switch", [0x7E] = "ferr_freeze", [0x7F] = "shutdown", [0x80] = "vmrun",
        [0x81] = "hypercall", [0x82] = "vmload", [0x83] = "vmsave", [0x84] = "stgi",
        [0x85] = "clgi", [0x86] = "skinit", [0x87] = "rdtscp", [0x88] = "icebp",
        [0x89] = "wbinvd", [0x8A] = "monitor", [0x8B] = "mwait", [0x8D] = "xsetbv",
        [0x8F] = "write_efer_trap", [0x90] = "write_cr0_trap", [0x94] = "write_cr4_trap", [0x98] = "write_cr8_trap",
        [0xA2] = "invpcid", [0xA5] = "buslock", [0xA6] = "idle-halt", [0x400] = "npf",
        [0x401] = "avic_incomplete_ipi", [0x402] = "avic_unaccelerated_access", [0x403] = "vmgexit", [0x80000001] = "vmgexit_mmio_read",
        [0x80000002] = "vmgexit_mmio_write", [0x80000003] = "vmgexit_nmi_complete", [0x80000004] = "vmgexit_ap_hlt_loop", [0x80000005] = "vmgexit_ap_jump_table",
        [0x80000010] = "vmgexit_page_state_change", [0x80000011] = "vmgexit_guest_request", [0x80000012] = "vmgexit_ext_guest_request", [0x80000013] = "vmgexit_ap_creation",
        [0x8000FFFD] = "vmgexit_hypervisor_feature", [0xFFFFFFFF] = "invalid_guest_state",
    };

    public static string Of(uint code, IEnumerable<Perfwhiz.Captures.Table.CaptureInfo> captures)
    {
        ArgumentNullException.ThrowIfNull(captures);
        foreach (var info in captures)
        {
            // VMX flags (FAILED_VMENTRY...) ride in the high bits: the table knows the basic reason.
            if (info.ExitReasonNames.TryGetValue(code, out var name) || info.ExitReasonNames.TryGetValue(code & 0xFFFF, out name))
            {
                return name;
            }
        }

        // Without the capture's own table, VMX is the likelier (and the original's only) ISA:
        // codes above VMX's range are read as SVM's.
        if (Vmx.TryGetValue(code & 0xFFFF, out var vmx) && code <= 0xFFFF)
        {
            return vmx;
        }

        return Svm.TryGetValue(code, out var svm) ? svm : $"reason {code}";
    }
}
