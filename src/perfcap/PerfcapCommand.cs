using System.CommandLine;
using System.Runtime;
using Perfwhiz.Naming;
using Perfwhiz.Naming.Libvirt;

namespace Perfwhiz.Perfcap;

/// <summary>perfcap's command line: the original's options, and the .mkcdict.cfg file that can supply them.</summary>
public static class PerfcapCommand
{
    public static RootCommand Create()
    {
        // A conversion spends a fifth of its time compiling. Each run records what it compiled and the
        // next compiles it ahead on a spare core (multicore JIT); where the tool's folder is read-only,
        // nothing is recorded and nothing changes.
        ProfileOptimization.SetProfileRoot(AppContext.BaseDirectory);
        ProfileOptimization.StartProfile("perfcap.jitprofile");
        var definitions = new Definitions();
        var command = new RootCommand(
            "Capture Linux scheduler and KVM events into a compact .cdict file for perfmap (live, as root, or from an existing perf.data). "
            + "VM threads are named <vm>.vcpuN / <vm>.emulatorN from, by precedence: the --map CSV, OpenStack (-r, --os-cloud or OS_* variables), "
            + "libvirt (--annotate-libvirt, --libvirt-xml), qemu's -name guest= (--annotate-qemu); a source that fails says so in one line and the capture goes on. "
            + $"Options may also come from a {MkcdictConfig.FileName} file in the current folder ('name = value' lines; the command line wins).")
        {
            definitions.RunName, definitions.Sleep, definitions.Switches, definitions.Stats, definitions.All, definitions.DestFolder,
            definitions.UsePerfData, definitions.UsePerf, definitions.Map, definitions.Remap, definitions.AnnotateQemu, definitions.OpenRc,
            definitions.Password, definitions.OsCloud, definitions.NamePattern, definitions.AnnotateLibvirt, definitions.LibvirtXml, definitions.Force,
            definitions.KeepPerfData, VmMapCommand.Create(),
        };
        command.SetAction((commandLine, cancellation) =>
        {
            var parse = WithConfigFile(command, commandLine);
            var options = definitions.Read(parse);
            return Task.FromResult((int)PerfcapRunner.Run(options, Console.Out, cancellation));
        });
        return command;
    }

    private static TimeSpan Duration(double seconds) => seconds is > 0 and <= 24 * 3600
        ? TimeSpan.FromSeconds(seconds)
        : throw new PerfwhizException($"--sleep {seconds}: the capture duration must be between 0 and 86400 seconds");

    /// <summary>A run name must name files: '', '.', '..' or 'dir/' would write '.cdict' or '..cdict'.</summary>
    private static string CheckedRunName(string runName) => Path.GetFileName(runName) is "" or "." or ".."
        ? throw new PerfwhizException($"run name '{runName}' names no file: give a name such as 'test1' (outputs <run-name>.cdict and <run-name>.stats)")
        : runName;

    /// <summary>The command line completed with the .mkcdict.cfg of the current folder, when there is one.</summary>
    private static ParseResult WithConfigFile(RootCommand command, ParseResult commandLine)
    {
        if (!File.Exists(MkcdictConfig.FileName))
        {
            return commandLine;
        }

        Console.Error.WriteLine($"Loading options from {MkcdictConfig.FileName}");
        var extra = MkcdictConfig.Tokens(MkcdictConfig.FileName, command, commandLine, warning => Console.Error.WriteLine($"perfcap: warning: {warning}"));
        if (extra.Count == 0)
        {
            return commandLine;
        }

        var parse = command.Parse([.. extra, .. commandLine.Tokens.Select(token => token.Value)]);
        return parse.Errors.Count == 0
            ? parse
            : throw new PerfwhizException($"{MkcdictConfig.FileName}: {parse.Errors[0].Message}");
    }

    /// <summary>perfcap's arguments and options, and how they make a <see cref="PerfcapOptions"/>.</summary>
    private sealed class Definitions
    {
        public Argument<string> RunName { get; } = new Argument<string>("run-name")
        {
            Description = "name of the run: outputs are <run-name>.cdict and <run-name>.stats",
            DefaultValueFactory = _ => "perf",
        };

        public Option<double> Sleep { get; } = new Option<double>("--sleep", "-s")
        {
            Description = "capture duration in seconds, defaults to 1 second",
            DefaultValueFactory = _ => 1,
            CustomParser = OptionValues.Number("--sleep", "seconds"),
            HelpName = "seconds",
        };

        public Option<bool> Switches { get; } = new Option<bool>("--switches") { Description = "capture detailed context switch and kvm traces into <run-name>.cdict" };

        public Option<bool> Stats { get; } = new Option<bool>("--stats") { Description = "capture context switch and kvm exit stats into <run-name>.stats" };

        public Option<bool> All { get; } = new Option<bool>("--all") { Description = "capture all traces and stats into <run-name>.cdict and <run-name>.stats" };

        public Option<string> DestFolder { get; } = new Option<string>("--dest-folder")
        {
            Description = "destination folder where to store results (default: current folder)",
            DefaultValueFactory = _ => ".",
            HelpName = "dir",
        };

        public Option<string?> UsePerfData { get; } = new Option<string?>("--use-perf-data")
        {
            Description = "use given perf data file (do not capture; no perf or root needed); implies --switches when none is given",
            HelpName = "perf.data",
        };

        public Option<string?> UsePerf { get; } = new Option<string?>("--use-perf") { Description = "use given perf binary", HelpName = "perf binary" };

        public Option<string?> Map { get; } = new Option<string?>("--map")
        {
            Description = "remap task names from mapping csv file (<tid>,<instance>,<type>,<uuid>,<group-type>,<group-id>,<name> → <name>.<group-id>.<type>)",
            HelpName = "csv",
        };

        public Option<string?> Remap { get; } = new Option<string?>("--remap") { Description = "remap the passed cdict file using the given map file (see --map), atomically", HelpName = "cdict" };

        public Option<bool> AnnotateQemu { get; } = new Option<bool>("--annotate-qemu")
        {
            Description = "name the threads of running qemu processes <guest>.vcpuN / <guest>.emulatorN from their -name guest=... (default: on for a live capture, off with --use-perf-data); --map names win",
            DefaultValueFactory = _ => true,
            Arity = ArgumentArity.ZeroOrOne,
        };

        public Option<string?> OpenRc { get; } = new Option<string?>("--rc", "-r")
        {
            Description = "source OpenStack credentials from this openrc file and name VM threads after the Nova servers (all projects) whose id is the VM's -uuid",
            HelpName = "openrc_file",
        };

        public Option<string?> Password { get; } = new Option<string?>("--password", "-p")
        {
            Description = "OpenStack password (else the openrc file, clouds.yaml or OS_PASSWORD, else asked for without echo; other users see a command line in ps)",
            HelpName = "password",
        };

        public Option<string?> OsCloud { get; } = new Option<string?>("--os-cloud")
        {
            Description = "name VM threads after the servers of this clouds.yaml cloud (default: OS_CLOUD)",
            HelpName = "cloud",
        };

        public Option<string?> NamePattern { get; } = new Option<string?>("--name-pattern")
        {
            Description = "turn OpenStack and libvirt VM names into <name>.<group as 2 digits> with a regex holding the named groups 'name' and 'group', as (?<name>...) or Python's (?P<name>...) (default: the VM name itself)",
            HelpName = "regex",
        };

        public Option<bool> AnnotateLibvirt { get; } = new Option<bool>("--annotate-libvirt")
        {
            Description = $"name VM threads from the running libvirt domains (virsh dumpxml, else {LibvirtDomains.RunStateDirectory}): the Nova instance name, else the domain name (default: on for a live capture where {LibvirtDomains.RunStateDirectory} exists)",
            DefaultValueFactory = _ => true,
            Arity = ArgumentArity.ZeroOrOne,
        };

        public Option<string?> LibvirtXml { get; } = new Option<string?>("--libvirt-xml")
        {
            Description = "name VM threads from the saved libvirt domain XML files of this folder instead of the running domains",
            HelpName = "dir",
        };

        public Option<bool> Force { get; } = new Option<bool>("--force")
        {
            Description = "overwrite the outputs of an existing run of the same name (never a read-only one: its mode says keep it; make it writable first)",
        };

        public Option<bool> KeepPerfData { get; } = new Option<bool>("--keep-perf-data") { Description = "keep the recorded perf.data as <run-name>.perf.data in the destination folder" };

        public PerfcapOptions Read(ParseResult parse) => new(CheckedRunName(parse.GetValue(RunName)!), parse.GetValue(DestFolder)!)
        {
            Duration = Duration(parse.GetValue(Sleep)),
            Switches = parse.GetValue(Switches) || parse.GetValue(All),
            Stats = parse.GetValue(Stats) || parse.GetValue(All),
            UsePerfData = parse.GetValue(UsePerfData),
            UsePerf = parse.GetValue(UsePerf),
            Map = parse.GetValue(Map),
            Remap = parse.GetValue(Remap),
            // /proc describes this machine now: for an older perf.data its tids may be other threads.
            AnnotateQemu = parse.GetResult(AnnotateQemu) is { Implicit: false } ? parse.GetValue(AnnotateQemu) : parse.GetValue(UsePerfData) is null,
            OpenRc = parse.GetValue(OpenRc),
            OsCloud = parse.GetValue(OsCloud),
            Password = parse.GetValue(Password) is { } password ? new Secret(password) : null,
            NamePattern = parse.GetValue(NamePattern),
            LibvirtXml = parse.GetValue(LibvirtXml),
            AnnotateLibvirt = parse.GetResult(AnnotateLibvirt) is { Implicit: false } ? parse.GetValue(AnnotateLibvirt) : null,
            Force = parse.GetValue(Force),
            KeepPerfData = parse.GetValue(KeepPerfData),
        };
    }
}
