
namespace Perfwhiz.Tests.Exports;

/// <summary>
/// The schemas a Perfetto trace is decoded with, by <c>protoc --decode=perfetto.protos.Trace</c>.
/// The official one (google/perfetto's protos/perfetto/trace/perfetto_trace.proto, all trace messages
/// in one file, copied unchanged into <c>tests/fixtures/perfetto/official/</c>, or a newer copy in the
/// folder PERFETTO_PROTO_DIR names) proves the field numbers; our own subset
/// (<c>tests/fixtures/perfetto/perfwhiz-subset.proto</c>: only what perfwhiz writes) says what is written.
/// </summary>
internal static class PerfettoSchemas
{
    public const string OfficialFile = "perfetto_trace.proto";

    /// <summary>(label, include folder, file) of each schema to decode with.</summary>
    public static IReadOnlyList<(string Label, string Folder, string File)> Available()
    {
        var official = OfficialFolder();
        return [("perfwhiz subset", Fixtures.Path("perfetto"), "perfwhiz-subset.proto"), ("official " + official, official, OfficialFile)];
    }

    public static string OfficialFolder() =>
        Environment.GetEnvironmentVariable("PERFETTO_PROTO_DIR") is { Length: > 0 } newer && File.Exists(Path.Combine(newer, OfficialFile))
            ? Path.GetFullPath(newer)
            : Path.Combine(Fixtures.Path("perfetto"), "official");

    /// <summary>The trace decoded with one schema; fails when protoc does.</summary>
    public static ProtoText Decode(string trace, (string Label, string Folder, string File) schema)
    {
        var protoc = ExternalTool.Find("protoc") ?? throw new InvalidOperationException("protoc is not installed (Debian: protobuf-compiler; scripts/run-tests installs it)");
        var decoded = Path.Combine(Path.GetDirectoryName(trace)!, Path.GetFileName(trace) + ".txt");
        var (exitCode, _, error) = ExternalTool.Run("/bin/sh", "-c", "exec \"$0\" --decode=perfetto.protos.Trace -I \"$1\" \"$2\" < \"$3\" > \"$4\"", protoc, schema.Folder, Path.Combine(schema.Folder, schema.File), trace, decoded);
        Assert.True(exitCode == 0, $"protoc with the {schema.Label} schema: {error}");
        return ProtoText.Parse(File.ReadAllText(decoded));
    }
}
