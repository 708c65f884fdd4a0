
namespace Perfwhiz.Tests.Exports;

/// <summary>
/// The schemas a Perfetto trace is decoded with, by <c>protoc --decode=perfetto.protos.Trace</c>.
/// The official one (google/perfetto's protos/perfetto/trace/perfetto_trace.proto, all trace messages
/// in one file) is not in this repository: it is read from the folder PERFETTO_PROTO_DIR names, else
/// from <c>../shared/perfetto/</c> beside the checkout. Our own subset
/// (<c>tests/fixtures/perfetto/perfwhiz-subset.proto</c>: only what perfwhiz writes, with the official
/// numbers) is always used, so the check runs everywhere; the official schema, where present,
/// proves the numbers.
/// </summary>
internal static class PerfettoSchemas
{
    public const string OfficialFile = "perfetto_trace.proto";

    /// <summary>(label, include folder, file) of each schema to decode with.</summary>
    public static IReadOnlyList<(string Label, string Folder, string File)> Available()
    {
        var schemas = new List<(string, string, string)> { ("perfwhiz subset", Fixtures.Path("perfetto"), "perfwhiz-subset.proto") };
        if (OfficialFolder() is { } official)
        {
            schemas.Add(("official " + official, official, OfficialFile));
        }

        return schemas;
    }

    public static string? OfficialFolder()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("PERFETTO_PROTO_DIR"),
            Path.Combine(RepositoryPaths.Root, "..", "shared", "perfetto"),
        };
        return candidates.Where(folder => !string.IsNullOrEmpty(folder) && File.Exists(Path.Combine(folder, OfficialFile))).Select(Path.GetFullPath!).FirstOrDefault();
    }

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
