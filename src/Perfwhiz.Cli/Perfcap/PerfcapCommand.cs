using System.CommandLine;
using System.Diagnostics;
using System.Runtime;
using Perfwhiz.Events.Cdict;
using Perfwhiz.Events.Conversion;

namespace Perfwhiz.Cli.Perfcap;

/// <summary>perfcap: turns a perf.data capture of scheduler and KVM tracepoints into a .cdict file.</summary>
public static class PerfcapCommand
{
    public static RootCommand Create()
    {
        // A conversion spends a fifth of its time compiling. Each run records what it compiled and the
        // next compiles it ahead on a spare core (multicore JIT); where the tool's folder is read-only,
        // nothing is recorded and nothing changes.
        ProfileOptimization.SetProfileRoot(AppContext.BaseDirectory);
        ProfileOptimization.StartProfile("perfcap.jitprofile");
        var runName = new Argument<string>("run-name")
        {
            Description = "name of the run; the capture is written to <run-name>.cdict",
            DefaultValueFactory = _ => "perf",
        };
        var usePerfData = new Option<string?>("--use-perf-data")
        {
            Description = "convert this existing perf.data file instead of capturing (no perf or root needed)",
            HelpName = "perf.data",
        };
        var destFolder = new Option<string>("--dest-folder")
        {
            Description = "folder where the output files are written",
            DefaultValueFactory = _ => ".",
            HelpName = "dir",
        };
        var command = new RootCommand("Capture Linux scheduler and KVM events into a compact .cdict file for perfmap.")
        {
            runName, usePerfData, destFolder,
        };
        command.SetAction((parse, cancellation) =>
        {
            var options = new PerfcapOptions(parse.GetValue(runName)!, parse.GetValue(usePerfData), parse.GetValue(destFolder)!);
            return Task.FromResult((int)Run(options, Console.Out, cancellation));
        });
        return command;
    }

    public static ExitCode Run(PerfcapOptions options, TextWriter output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (options.UsePerfData is null)
        {
            throw new PerfwhizException("live capture is not part of this build yet: record with perf and convert with --use-perf-data <perf.data>");
        }

        if (!File.Exists(options.UsePerfData))
        {
            throw new PerfwhizException($"{options.UsePerfData}: no such file");
        }

        if (!Directory.Exists(options.DestinationFolder))
        {
            throw new PerfwhizException($"destination folder {options.DestinationFolder} does not exist");
        }

        var cdictPath = Path.Combine(options.DestinationFolder, options.RunName + ".cdict");
        var clock = Stopwatch.StartNew();
        Events.Table.Capture capture;
        using (var progress = new ProgressLine($"reading {options.UsePerfData}"))
        {
            capture = PerfConversion.Convert(options.UsePerfData, progress.Report, cancellation);
        }

        cancellation.ThrowIfCancellationRequested();
        CdictFile.Write(cdictPath, capture);
        ConversionReport.Print(output, capture, cdictPath, new FileInfo(cdictPath).Length, clock.Elapsed);
        return ExitCode.Success;
    }
}
