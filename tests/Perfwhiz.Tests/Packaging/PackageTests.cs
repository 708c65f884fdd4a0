using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using Perfwhiz.Tests.Cli;
using Perfwhiz.Tests.Exports;

namespace Perfwhiz.Tests.Packaging;

/// <summary>
/// scripts/package: the tarball's NativeAOT perfcap and perfmap run where .NET is absent and link
/// only against the base system libraries. Slow: the first run publishes both tools as NativeAOT
/// (minutes); later runs reuse bin/'s builds while no source changed.
/// </summary>
[Trait("Kind", "process")]
[Trait("Category", "Slow")]
public sealed class PackageTests(ITestOutputHelper log) : IDisposable
{
    /// <summary>
    /// What a NativeAOT executable may load: glibc's own libraries (libc, libm, the loader) and the
    /// kernel's vDSO. Everything else — zlib, ICU, OpenSSL, libstdc++, libgcc_s — is either linked in
    /// or not needed (invariant globalization); libzstd is opened on demand for compressed captures,
    /// as README says.
    /// </summary>
    private static readonly string[] BaseLibraries = ["linux-vdso.so.1", "libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2"];

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-package-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ThePackedToolsRunWithoutDotnetAndLinkOnlyBaseLibraries()
    {
        var (exitCode, output, error) = ExternalTool.Run(Path.Combine(RepositoryPaths.Root, "scripts", "package"));
        Assert.True(exitCode == 0, error);
        var tarball = output.Trim().Split('\n')[^1];
        Assert.Matches(@"/dist/perfwhiz-\d+\.\d+\.\d+-linux-x64\.tar\.gz$", tarball);
        Assert.Equal(0, ExternalTool.Run("tar", "-xzf", tarball, "-C", folder).ExitCode);
        var unpacked = Directory.GetDirectories(folder).Single();
        Assert.Equal(["README.md", "perfcap", "perfmap"], Directory.GetFiles(unpacked).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        log.WriteLine($"{tarball}: {new FileInfo(tarball).Length / 1000:N0} KB; perfcap {new FileInfo(Path.Combine(unpacked, "perfcap")).Length / 1000:N0} KB, perfmap {new FileInfo(Path.Combine(unpacked, "perfmap")).Length / 1000:N0} KB");

        foreach (var tool in new[] { "perfcap", "perfmap" })
        {
            var (lddExit, libraries, lddError) = ExternalTool.Run("ldd", Path.Combine(unpacked, tool));
            Assert.True(lddExit == 0, lddError);
            log.WriteLine($"ldd {tool}:\n{libraries}");
            var names = libraries.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => Path.GetFileName(line.Trim().Split(' ')[0])).ToList();
            Assert.Contains("libc.so.6", names);
            Assert.All(names, name => Assert.Contains(name, BaseLibraries));
        }

        var work = Directory.CreateDirectory(Path.Combine(folder, "work")).FullName;
        var capture = NoDotnet(unpacked, "./perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--dest-folder", work, "sched");
        Assert.Contains("Wrote " + work + "/sched.cdict", capture, StringComparison.Ordinal);
        var cdict = Path.Combine(work, "sched.cdict");
        NoDotnet(unpacked, "./perfmap", cdict, "-t", "sched-messaging", "--json", Path.Combine(work, "aot.json"));
        NoDotnet(unpacked, "./perfmap", cdict, "--export-perfetto", Path.Combine(work, "aot.perfetto-trace"));
        NoDotnet(unpacked, "./perfmap", cdict, "--export-parquet", Path.Combine(work, "aot-parquet"));

        // The same outputs as the tools run by .NET from the test build.
        Assert.Equal(0, ToolProcess.Run("perfmap", cdict, "-t", "sched-messaging", "--json", Path.Combine(work, "jit.json")).ExitCode);
        Assert.Equal(0, ToolProcess.Run("perfmap", cdict, "--export-perfetto", Path.Combine(work, "jit.perfetto-trace")).ExitCode);
        Assert.Equal(0, ToolProcess.Run("perfmap", cdict, "--export-parquet", Path.Combine(work, "jit-parquet")).ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(work, "jit.json")), File.ReadAllText(Path.Combine(work, "aot.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(work, "jit.perfetto-trace")), File.ReadAllBytes(Path.Combine(work, "aot.perfetto-trace")));
        Assert.NotEmpty(Rows(Path.Combine(work, "aot-parquet", "switches.parquet")));
        foreach (var table in new[] { "switches", "wakeups", "kvm_exits", "tasks", "runs" })
        {
            Assert.Equal(Rows(Path.Combine(work, "jit-parquet", table + ".parquet")), Rows(Path.Combine(work, "aot-parquet", table + ".parquet")));
        }
    }

    // Runs a packed tool with an empty environment and, where a mount namespace can be had (root),
    // with the .NET installation hidden under an empty tmpfs; returns its output.
    private string NoDotnet(string directory, params string[] command)
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var script = "mount -t tmpfs none \"$0\" && ! command -v dotnet >/dev/null 2>&1 || exit 99; cd \"$1\" && shift 2 && exec env -i PATH=/usr/bin:/bin \"$@\"";
        var (exitCode, output, error) = ExternalTool.Run("unshare", ["-m", "/bin/sh", "-c", script, dotnetRoot, directory, "--", .. command]);
        if (exitCode == 99 || error.StartsWith("unshare:", StringComparison.Ordinal))
        {
            log.WriteLine($"no mount namespace here ({error.Trim()}): .NET is only kept off the PATH");
            (exitCode, output, error) = ExternalTool.RunIn(directory, "env", ["-i", "PATH=" + folder, .. command]);
        }

        Assert.True(exitCode == 0, $"{string.Join(' ', command)}: {error}");
        return output;
    }

    private static List<string> Rows(string parquet)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{parquet}') ORDER BY ALL";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
