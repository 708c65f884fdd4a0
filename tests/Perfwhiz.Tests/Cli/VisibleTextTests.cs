using System.Buffers.Binary;

namespace Perfwhiz.Tests.Cli;

/// <summary>
/// Text from captures reaches each sink (terminal, page) escaped by one rule, so it stays on its line
/// and two different names never look the same.
/// </summary>
[Trait("Kind", "process")]
public sealed class VisibleTextTests : IDisposable
{
    private static readonly string[] Tricky =
    [
        "plain name", "line1\nline2", "tab\tend", "esc\u001b[2J", "back\\slash", "rtl\u202eevil", "zero\u200bwidth", "nb\u00a0space",
        "\u05d0\u05d1", "emoji\U0001F600", "进程名", "e\U00010800",
    ];

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-visible-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheConversionSummaryShowsCaptureTextEscapedOnItsLine()
    {
        var path = Path.Combine(folder, "evil.perf.data");
        new PerfDataWriter([FormatFixtures.Load("sched/sched_switch")], new PerfDataWriterOptions { Hostname = "evil\nKernel: forged\u001b[2J", OsRelease = "6.1\r\u202e", PerfVersion = "6\t1" })
            .Sample("sched:sched_switch", 1000, 0, 1, 1, ("prev_comm", "a"), ("prev_pid", 1), ("next_comm", "b"), ("next_pid", 2))
            .Sample("sched:sched_switch", 2000, 0, 2, 2, ("prev_comm", "b"), ("prev_pid", 2), ("next_comm", "a"), ("next_pid", 1))
            .Save(path);

        var (exitCode, output, error) = ToolProcess.Run("perfcap", "--use-perf-data", path, "--dest-folder", folder, "evil");

        Assert.True(exitCode == 0, error);
        var capture = Assert.Single(output.Split('\n'), line => line.StartsWith("Capture:", StringComparison.Ordinal));
        Assert.EndsWith(@"host evil\nKernel: forged\u001B[2J, kernel 6.1\r\u202E, perf 6\t1", capture, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\r', output);
    }

    [Fact]
    public void AnErrorQuotingCaptureBytesStaysOneLine()
    {
        // The tracing data's "header_page" name with a newline, a tab and an escape in it: the error quotes it.
        var bytes = File.ReadAllBytes(Fixtures.PerfData("sched"));
        var name = bytes.AsSpan().IndexOf("header_page"u8);
        "\n\t\u001b"u8.CopyTo(bytes.AsSpan(name + 6));
        var path = Path.Combine(folder, "raw-bytes.perf.data");
        File.WriteAllBytes(path, bytes);

        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--use-perf-data", path, "--dest-folder", folder, "raw");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith(@"expected 'header_page' at offset 1126268, found 'header\n\t\u001Bge'", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\t', line);
        Assert.DoesNotContain('\u001b', line);
    }

    [Fact]
    public void HeaderOffsetsArePrintedAsTheUnsignedNumbersTheFileHolds()
    {
        var bytes = File.ReadAllBytes(Fixtures.PerfData("sched"));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), ulong.MaxValue - 7); // attrs.offset
        var path = Path.Combine(folder, "huge-offset.perf.data");
        File.WriteAllBytes(path, bytes);

        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--use-perf-data", path, "--dest-folder", folder, "huge");

        Assert.Equal(1, exitCode);
        Assert.Contains("the attribute section (offset 18446744073709551608, size ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("offset -", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AForeignEventIsNamedAsTheFileNamesIt()
    {
        // cycles.perf.data with its first event's id list emptied: only EVENT_DESC's order names it.
        var bytes = File.ReadAllBytes(Fixtures.PerfData("cycles"));
        var attrs = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24));
        var stride = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(attrs + stride - 8), 0);
        var path = Path.Combine(folder, "no-ids.perf.data");
        File.WriteAllBytes(path, bytes);

        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--use-perf-data", path, "--dest-folder", folder, "foreign");

        Assert.Equal(1, exitCode);
        Assert.Contains("holds no scheduler or KVM tracepoints (it holds: cpu-clock, dummy:HG)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("config", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePageEscapesNamesAsTheTerminalDoes()
    {
        if (ExternalTool.Find("node") is null)
        {
            Assert.Fail("node is not installed: the page's text.js cannot be checked (it is needed to build the dashboards too)");
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "perfwhiz.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var textJs = Path.Combine(root.FullName, "src/Perfwhiz.Dashboards/web/src/text.js");
        var input = Path.Combine(folder, "names.json");
        File.WriteAllText(input, System.Text.Json.JsonSerializer.Serialize(Tricky));
        var script = $"import {{ displayName }} from {System.Text.Json.JsonSerializer.Serialize(new Uri(textJs).AbsoluteUri)}; import {{ readFileSync }} from 'node:fs'; "
            + $"console.log(JSON.stringify(JSON.parse(readFileSync({System.Text.Json.JsonSerializer.Serialize(input)}, 'utf8')).map(displayName)));";

        var (exitCode, output, error) = ExternalTool.Run("node", "--input-type=module", "-e", script);

        Assert.True(exitCode == 0, error);
        var shownByPage = System.Text.Json.JsonSerializer.Deserialize<string[]>(output)!;
        Assert.Equal(Tricky.Select(VisibleText.Escape), shownByPage);
        Assert.Equal(Tricky.Length, shownByPage.Distinct(StringComparer.Ordinal).Count());
        Assert.All(shownByPage.Where(name => name != "plain name" && name != "进程名" && name != "emoji\U0001F600"), name => Assert.Contains('\\', name));
    }
}
