using System.CommandLine;

namespace Perfwhiz.Perfmap;

/// <summary>The export options of perfmap (<c>--export-perfetto</c>, <c>--export-parquet</c>), kept apart from the analysis options.</summary>
public sealed record ExportOptions(string? Perfetto, string? ParquetFolder)
{
    public static readonly ExportOptions None = new(null, null);

    public bool Any => Perfetto is not null || ParquetFolder is not null;

    /// <summary>Adds the options to <paramref name="command"/>; the function returned reads them from a parse.</summary>
    public static Func<ParseResult, ExportOptions> AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var perfetto = new Option<string?>("--export-perfetto") { Description = "write a Perfetto trace (one cdict; -t, -c/-f select): CPU scheduling, wakeups, VMs as processes, KVM exits as slices", HelpName = "file" };
        var parquet = new Option<string?>("--export-parquet") { Description = "write Parquet tables (switches, wakeups, kvm_exits, tasks, runs) into this new folder", HelpName = "dir" };
        command.Options.Add(perfetto);
        command.Options.Add(parquet);
        return parse => new ExportOptions(parse.GetValue(perfetto), parse.GetValue(parquet));
    }
}
