namespace Perfwhiz.Exports.Parquet;

/// <summary>
/// <c>perfmap --export-parquet DIR</c>: one Parquet file per table (switches, wakeups, kvm_exits,
/// tasks, runs), each run's rows in their own row groups under a <c>run</c> column, so that the
/// exports of many captures read as one dataset (<c>read_parquet('*/switches.parquet')</c>). The
/// folder is written under a temporary name beside it and renamed into place when complete.
/// </summary>
public static class ParquetExport
{
    public static async Task<IReadOnlyDictionary<string, long>> WriteFolderAsync(string folder, IReadOnlyList<ExportSelection> selections, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(selections);
        var fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (Directory.Exists(fullPath) || File.Exists(fullPath))
        {
            throw new PerfwhizException($"{folder} already exists: --export-parquet writes a new folder");
        }

        var parent = Path.GetDirectoryName(fullPath) ?? ".";
        if (!Directory.Exists(parent))
        {
            throw new PerfwhizException($"{parent}: no such folder");
        }

        var temporary = Path.Combine(parent, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"cannot write {parent}: {e.Message}", e);
        }

        try
        {
            var tables = new (string Name, Func<IReadOnlyList<ParquetTable>> Parts)[]
            {
                ("switches", () => [.. selections.Select(ParquetTables.Switches)]),
                ("wakeups", () => [.. selections.Select(ParquetTables.Wakeups)]),
                ("kvm_exits", () => [.. selections.Select(ParquetTables.KvmExits)]),
                ("tasks", () => [.. selections.Select(ParquetTables.Tasks)]),
                ("runs", () => [ParquetTables.Runs(selections)]),
            };
            var rows = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (name, parts) in tables)
            {
                cancellation.ThrowIfCancellationRequested();
                var tableParts = parts();
                await ParquetTable.WriteFileAsync(Path.Combine(temporary, name + ".parquet"), tableParts, cancellation).ConfigureAwait(false);
                rows[name] = tableParts.Sum(part => (long)part.Rows);
            }

            Directory.Move(temporary, fullPath);
            return rows;
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
    }
}
