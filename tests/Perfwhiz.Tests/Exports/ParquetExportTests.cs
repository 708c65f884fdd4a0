using System.Text.Json;
using DuckDB.NET.Data;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Conversion;
using Perfwhiz.Tests.Cli;

namespace Perfwhiz.Tests.Exports;

/// <summary>perfmap --export-parquet, read back by an embedded DuckDB as a user's query would.</summary>
[Trait("Kind", "process")]
public sealed class ParquetExportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-parquet-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void AQueryOverTwoRunsGivesTheJsonRunTimesAndSwitches()
    {
        var (sched, schedZ) = (Cdict("sched"), Cdict("sched-z"));
        var json = Path.Combine(folder, "diff.json");
        Assert.Equal(0, ToolProcess.Run("perfmap", sched, schedZ, "-t", "sched-messaging", "--json", json).ExitCode);
        Directory.CreateDirectory(Path.Combine(folder, "fleet"));
        foreach (var (cdict, name) in new[] { (sched, "a"), (schedZ, "b") })
        {
            var (exitCode, output, error) = ToolProcess.Run("perfmap", cdict, "--export-parquet", Path.Combine(folder, "fleet", name));
            Assert.True(exitCode == 0, error);
            Assert.Matches(@"switches [\d,]+ rows, wakeups [\d,]+ rows, kvm_exits 0 rows, tasks \d+ rows, runs 1 rows", output);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var window = document.RootElement.GetProperty("window");
        var (fromNs, toNs) = ((long)Math.Round(window.GetProperty("fromMs").GetDouble() * 1e6), (long)Math.Round(window.GetProperty("toMs").GetDouble() * 1e6));
        var expected = document.RootElement.GetProperty("cpuUsage").EnumerateArray()
            .Select(task => (Task: task.GetProperty("task").GetString()!, RunTimeMs: task.GetProperty("runTimeMs").GetDouble(), Switches: task.GetProperty("switches").GetInt64()))
            .OrderBy(task => task.Task, StringComparer.Ordinal).ToList();

        // The README's query: the window of --json is the shortest capture, so the rows are cut to it.
        var rows = Query($"""
            SELECT task || '.' || run AS task, CAST(sum(run_time_ns) AS BIGINT) AS run_time_ns, count(*) AS switches
            FROM read_parquet('{folder}/fleet/*/switches.parquet')
            WHERE regexp_matches(task, '^sched-messaging') AND time_ns BETWEEN {fromNs} AND {toNs}
            GROUP BY ALL ORDER BY task
            """);

        Assert.Equal(expected.Select(task => task.Task), rows.Select(row => (string)row[0]!));
        Assert.Equal(expected.Select(task => task.Switches), rows.Select(row => (long)row[2]!));
        Assert.All(expected.Zip(rows), pair => Assert.Equal(pair.First.RunTimeMs, (long)pair.Second[1]! / 1e6, 3));
    }

    [Fact]
    public void OneExportOfTwoRunsHoldsTheSameRowsAsTwoExports()
    {
        var (sched, schedZ) = (Cdict("sched"), Cdict("sched-z"));
        Assert.Equal(0, ToolProcess.Run("perfmap", sched, "--export-parquet", Path.Combine(folder, "a")).ExitCode);
        Assert.Equal(0, ToolProcess.Run("perfmap", schedZ, "--export-parquet", Path.Combine(folder, "b")).ExitCode);
        Assert.Equal(0, ToolProcess.Run("perfmap", sched, schedZ, "--export-parquet", Path.Combine(folder, "both")).ExitCode);

        foreach (var table in new[] { "switches", "wakeups", "tasks", "runs" })
        {
            var apart = Query($"SELECT count(*), count(DISTINCT run) FROM read_parquet(['{folder}/a/{table}.parquet', '{folder}/b/{table}.parquet'])").Single();
            var together = Query($"SELECT count(*), count(DISTINCT run) FROM read_parquet('{folder}/both/{table}.parquet')").Single();
            Assert.Equal(apart, together);
            Assert.Equal(2L, together[1]);
        }

        var capture = CdictFile.Read(sched);
        var counted = Query($"SELECT count(*) FROM read_parquet('{folder}/a/wakeups.parquet')").Single();
        Assert.Equal((long)capture.Wakeups.Count, counted[0]);
    }

    [Fact]
    public void TablesHaveTheDocumentedColumnsAndTypes()
    {
        var export = Path.Combine(folder, "qemu");
        Assert.Equal(0, ToolProcess.Run("perfmap", Cdict("qemu"), "--map", Fixtures.Path("perf/qemu.map.csv"), "--export-parquet", export).ExitCode);

        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["switches"] = "run VARCHAR, time_ns BIGINT, cpu INTEGER, pid INTEGER, task VARCHAR, run_time_ns BIGINT, prev_state BIGINT, next_pid INTEGER, next_task VARCHAR",
            ["wakeups"] = "run VARCHAR, time_ns BIGINT, cpu INTEGER, event VARCHAR, pid INTEGER, task VARCHAR, target_cpu INTEGER",
            ["kvm_exits"] = "run VARCHAR, time_ns BIGINT, cpu INTEGER, pid INTEGER, task VARCHAR, vm VARCHAR, reason_code BIGINT, reason VARCHAR, guest_ns BIGINT, handling_ns BIGINT",
            ["tasks"] = "run VARCHAR, task VARCHAR, pid INTEGER, vm VARCHAR, events BIGINT",
            ["runs"] = "run VARCHAR, file VARCHAR, host VARCHAR, kernel VARCHAR, perf_version VARCHAR, cpu_count INTEGER, duration_ns BIGINT, first_event_clock_ns BIGINT, window_from_ns BIGINT, window_to_ns BIGINT, lost_events BIGINT, annotation_source VARCHAR",
        };
        foreach (var (table, columns) in expected)
        {
            var described = Query($"DESCRIBE SELECT * FROM read_parquet('{export}/{table}.parquet')");
            Assert.Equal(columns, string.Join(", ", described.Select(row => $"{row[0]} {row[1]}")));
        }

        Assert.Equal(Directory.GetFiles(export).Select(Path.GetFileName).Order(StringComparer.Ordinal), expected.Keys.Select(table => table + ".parquet").Order(StringComparer.Ordinal));
        var vms = Query($"SELECT vm, count(*) FROM read_parquet('{export}/tasks.parquet') WHERE vm IS NOT NULL GROUP BY vm ORDER BY vm");
        Assert.Equal(["firewall.01", "firewall.02", "router.01", "router.02"], vms.Select(row => (string)row[0]!));
    }

    [Fact]
    public void AnExistingFolderIsRefusedAndLeftAlone()
    {
        var export = Directory.CreateDirectory(Path.Combine(folder, "taken")).FullName;
        File.WriteAllText(Path.Combine(export, "mine.txt"), "keep");

        var (exitCode, _, error) = ToolProcess.Run("perfmap", Cdict("qemu"), "--export-parquet", export);

        Assert.Equal(1, exitCode);
        Assert.Equal($"perfmap: error: {export} already exists: --export-parquet writes a new folder", error.Trim());
        Assert.Equal(["mine.txt"], Directory.GetFiles(export).Select(Path.GetFileName));
        Assert.Equal(["qemu.cdict", "taken"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static List<object?[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(values);
        }

        return rows;
    }

    private string Cdict(string fixture)
    {
        var path = Path.Combine(folder, fixture + ".cdict");
        if (!File.Exists(path))
        {
            CdictFile.Write(path, PerfConversion.Convert(Fixtures.PerfData(fixture)));
        }

        return path;
    }
}
