using Perfwhiz.Naming;

namespace Perfwhiz.Perfcap;

/// <summary>Everything perfcap was asked to do, from the command line and .mkcdict.cfg.</summary>
public sealed record PerfcapOptions(string RunName, string DestinationFolder)
{
    /// <summary>How long a live capture records.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>--switches: write the detailed traces to &lt;run-name&gt;.cdict.</summary>
    public bool Switches { get; init; }

    /// <summary>--stats: write the scheduler and KVM tables to &lt;run-name&gt;.stats.</summary>
    public bool Stats { get; init; }

    public string? UsePerfData { get; init; }

    /// <summary>--use-perf: the perf binary to record with (perf on PATH by default).</summary>
    public string? UsePerf { get; init; }

    /// <summary>--map: CSV task map applied to the capture.</summary>
    public string? Map { get; init; }

    /// <summary>--remap: an existing cdict to rewrite with --map instead of capturing.</summary>
    public string? Remap { get; init; }

    /// <summary>Overwrite existing outputs of the same run name.</summary>
    public bool Force { get; init; }

    /// <summary>Keep the recorded perf.data as &lt;run-name&gt;.perf.data beside the outputs.</summary>
    public bool KeepPerfData { get; init; }

    /// <summary>Name qemu threads &lt;guest&gt;.vcpuN from the running qemu processes (live capture only).</summary>
    public bool AnnotateQemu { get; init; } = true;

    /// <summary>-r/--rc: an openrc file naming the OpenStack cloud whose server names name the VMs.</summary>
    public string? OpenRc { get; init; }

    /// <summary>--os-cloud: the clouds.yaml cloud to use instead of an openrc file.</summary>
    public string? OsCloud { get; init; }

    /// <summary>-p/--password: the OpenStack password; hidden from <see cref="ToString"/>.</summary>
    public Secret? Password { get; init; }

    /// <summary>--name-pattern: how a VM name becomes its threads' base name (the name itself by default).</summary>
    public string? NamePattern { get; init; }

    /// <summary>Name VM threads from this host's running libvirt domains; null: where libvirt runs, for a live capture.</summary>
    public bool? AnnotateLibvirt { get; init; }

    /// <summary>--libvirt-xml: a folder of saved domain XML files, read instead of the running domains.</summary>
    public string? LibvirtXml { get; init; }

    /// <summary>The settings of the VM name sources.</summary>
    public NameSourceSettings NameSources => new(OpenRc, OsCloud, Password, NamePattern, LibvirtXml, AnnotateLibvirt, UsePerfData is not null);

    public string CdictPath => Path.Combine(DestinationFolder, RunName + ".cdict");

    public string StatsPath => Path.Combine(DestinationFolder, RunName + ".stats");

    public string KeptPerfDataPath => Path.Combine(DestinationFolder, RunName + ".perf.data");
}
