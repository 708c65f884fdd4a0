using System.Diagnostics;
using Perfwhiz.Captures.Annotation;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;
using Perfwhiz.Naming;
using Perfwhiz.Naming.Qemu;
using Perfwhiz.Reports.Text;

namespace Perfwhiz.Perfcap;

/// <summary>What perfcap does once its options are known: capture or read a perf.data, annotate, write.</summary>
public static class PerfcapRunner
{
    public static ExitCode Run(PerfcapOptions options, TextWriter output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (options.Remap is not null)
        {
            return Remap(options, output);
        }

        if (!options.Switches && !options.Stats && options.UsePerfData is null)
        {
            Console.Error.WriteLine("perfcap: pick at least one of --stats, --switches, --all");
            return ExitCode.Usage;
        }

        // Converting an existing perf.data is what --switches does; only a live capture must say which.
        var wanted = options.Switches || options.Stats ? options : options with { Switches = true };
        var clock = Stopwatch.StartNew();
        var csvMap = wanted.Map is null ? null : TaskMap.Load(wanted.Map);
        CheckOutputs(wanted);
        if (wanted.UsePerfData is not null)
        {
            if (!File.Exists(wanted.UsePerfData))
            {
                throw new PerfwhizException($"{wanted.UsePerfData}: no such file");
            }

            var sources = CloudNameSources.Prepare(wanted.NameSources, ConsolePasswordPrompt.Read, Console.Error);
            var converted = Convert(wanted.UsePerfData, cancellation);
            var processes = wanted.AnnotateQemu || sources.Any ? QemuProcesses.FindAll() : [];
            Finish(wanted, converted, Names(wanted, csvMap, sources, processes, cancellation), output, clock);
            return ExitCode.Success;
        }

        var (perf, plan) = LiveCapture.CheckPreconditions(wanted.UsePerf, output);
        // After the checks that need no typing: nobody should type a password for a capture that cannot run.
        var cloudSources = CloudNameSources.Prepare(wanted.NameSources, ConsolePasswordPrompt.Read, Console.Error);
        var readQemu = wanted.AnnotateQemu || cloudSources.Any;
        // Threads are listed before and after: a VM may start, stop or add threads during the capture.
        var qemuBefore = readQemu ? QemuProcesses.FindAll() : [];
        using var live = LiveCapture.Record(perf, plan, wanted.Duration, output, cancellation);
        var qemuSeen = readQemu ? SeenBeforeOrAfter(qemuBefore, QemuProcesses.FindAll()) : [];
        var capture = Convert(live.PerfDataPath, cancellation);
        if (plan.Missing.Count > 0)
        {
            capture.Info.Warnings.Insert(0, $"not on this kernel, so not recorded: {string.Join(", ", plan.Missing)}");
        }

        Finish(wanted, capture, Names(wanted, csvMap, cloudSources, qemuSeen, cancellation), output, clock);
        if (wanted.KeepPerfData)
        {
            KeepPerfData(live.PerfDataPath, wanted.KeptPerfDataPath);
            output.WriteLine($"Kept {wanted.KeptPerfDataPath}");
        }

        return ExitCode.Success;
    }

    private static void KeepPerfData(string recorded, string kept)
    {
        try
        {
            // Copied under a temporary name first: the private folder may be on another file system.
            AtomicFile.Write(kept, stream =>
            {
                using var source = File.OpenRead(recorded);
                source.CopyTo(stream);
            });
        }
        catch (PerfwhizException e)
        {
            throw new PerfwhizException($"{e.Message} (the capture was written; the perf.data was not kept)", e);
        }
    }

    private static Capture Convert(string perfData, CancellationToken cancellation)
    {
        Capture capture;
        using (var progress = new ProgressLine($"reading {perfData}"))
        {
            capture = PerfConversion.Convert(perfData, progress.Report, cancellation);
        }

        cancellation.ThrowIfCancellationRequested();
        return capture;
    }

    /// <summary>Annotates the capture and writes the requested outputs, each atomically.</summary>
    private static void Finish(PerfcapOptions options, Capture capture, TaskMap names, TextWriter output, Stopwatch clock)
    {
        if (names.NamesByTid.Count > 0)
        {
            var renamed = names.ApplyToBySource(capture);
            output.WriteLine($"Annotated {renamed.Sum(source => source.Threads)} threads: "
                + (renamed.Count > 0 ? string.Join(", ", renamed.Select(source => $"{source.Threads} from {source.Source}")) : $"none of the {names.NamesByTid.Count} named by {names.Source} ran"));
        }

        ConversionReport.PrintHealth(output, capture);
        // The .cdict and .stats of a run are replaced together or not at all.
        var outputs = new List<AtomicOutput>();
        if (options.Switches)
        {
            outputs.Add(new AtomicOutput(options.CdictPath, stream => CdictFile.Write(stream, capture)));
        }

        if (options.Stats)
        {
            // Computed while the cdict is compressed: the .stats then costs the longer of the two, not their sum.
            outputs.Add(AtomicOutput.Computed(options.StatsPath, Task.Run(() => StatsFile.Compute(capture, options.RunName))));
        }

        AtomicFile.WriteAll(outputs);
        if (options.Switches)
        {
            ConversionReport.PrintWritten(output, capture, options.CdictPath, clock.Elapsed);
        }

        if (options.Stats)
        {
            output.WriteLine($"Wrote {options.StatsPath}: scheduler latency and KVM exit tables, {new FileInfo(options.StatsPath).Length:N0} bytes");
        }
    }

    /// <summary>The task names of every source, by precedence: CSV map, OpenStack, libvirt, qemu's own names.</summary>
    private static TaskMap Names(PerfcapOptions options, TaskMap? csvMap, CloudNameSources cloudSources, IReadOnlyList<QemuProcess> processes, CancellationToken cancellation)
    {
        var maps = new List<TaskMap>();
        if (csvMap is not null)
        {
            maps.Add(csvMap);
        }

        if (cloudSources.Any)
        {
            maps.AddRange(cloudSources.NameThreads(processes, Console.Error, cancellation));
        }

        if (options.AnnotateQemu)
        {
            maps.Add(QemuTaskMap.FromGuestNames(processes));
        }

        return TaskMap.FirstWins(maps);
    }

    /// <summary>Each qemu process seen before or after the capture, with every thread seen.</summary>
    private static List<QemuProcess> SeenBeforeOrAfter(IReadOnlyList<QemuProcess> before, IReadOnlyList<QemuProcess> after) =>
        [.. before.Concat(after)
            .GroupBy(process => process.Pid)
            .Select(seen => seen.First() with { Threads = [.. seen.SelectMany(process => process.Threads).DistinctBy(thread => thread.Tid).OrderBy(thread => thread.Tid)] })];

    /// <summary>Refuses, before any work, a destination it cannot write or outputs it would overwrite.</summary>
    private static void CheckOutputs(PerfcapOptions options)
    {
        if (!Directory.Exists(options.DestinationFolder))
        {
            throw new PerfwhizException($"destination folder {options.DestinationFolder} does not exist");
        }

        var outputs = new List<string>();
        if (options.Switches)
        {
            outputs.Add(options.CdictPath);
        }

        if (options.Stats)
        {
            outputs.Add(options.StatsPath);
        }

        if (options.KeepPerfData && options.UsePerfData is null)
        {
            outputs.Add(options.KeptPerfDataPath);
        }

        // A run name may hold a folder ('nodir/run'): each output's own folder is checked.
        foreach (var folder in outputs.Select(path => Path.GetDirectoryName(Path.GetFullPath(path))!).Distinct(StringComparer.Ordinal))
        {
            CheckWritable(folder);
        }

        var existing = outputs.FirstOrDefault(File.Exists);
        if (existing is not null && !options.Force)
        {
            throw new PerfwhizException($"{existing} exists: pick another run name, or add --force to overwrite it");
        }

        outputs.ForEach(AtomicFile.EnsureReplaceable);
    }

    private static void CheckWritable(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new PerfwhizException($"folder {folder} does not exist (the run name's folder part must exist)");
        }

        var probe = Path.Combine(folder, $".perfcap-probe-{Environment.ProcessId}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"destination folder {folder} is not writable: {e.Message}", e);
        }
    }

    /// <summary>--remap: rewrites an existing cdict with the CSV map, atomically (the original rewrote it in place).</summary>
    private static ExitCode Remap(PerfcapOptions options, TextWriter output)
    {
        if (options.Map is null)
        {
            Console.Error.WriteLine("perfcap: --remap requires a csv mapping file (--map)");
            return ExitCode.Usage;
        }

        var map = TaskMap.Load(options.Map);
        // As the original: 'test' is test.cdict.
        var cdict = options.Remap!.EndsWith(".cdict", StringComparison.Ordinal) || File.Exists(options.Remap) ? options.Remap! : options.Remap + ".cdict";
        var capture = CdictFile.Read(cdict);
        var renamed = map.ApplyTo(capture);
        CdictFile.Write(cdict, capture);
        output.WriteLine($"Remapped {cdict}: {renamed} threads renamed from {map.Source}");
        return ExitCode.Success;
    }
}
