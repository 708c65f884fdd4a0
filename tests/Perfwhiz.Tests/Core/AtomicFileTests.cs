namespace Perfwhiz.Tests.Core;

/// <summary>
/// What a writer gets from <see cref="AtomicFile"/> is the file itself to every writer: bytes over
/// several write-out requests (<c>WritebackStream</c>), some started by a flush, arrive whole and in order, and a writer that
/// seeks back to patch what it wrote (as Parquet's does) finds a seekable file. A file of a set
/// whose content is computed elsewhere (<see cref="AtomicOutput.ContentReady"/>) is written once
/// it is, with the others; when computing it fails, no file of the set is replaced.
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-atomic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void BytesWrittenInPiecesOverSeveralWritebackRangesArriveWhole()
    {
        var path = Path.Combine(folder, "out.bin");
        var content = new byte[(5 << 20) + 12345];
        new Random(7).NextBytes(content);

        AtomicFile.Write(path, stream =>
        {
            for (var at = 0; at < content.Length; at += 100_003)
            {
                stream.Write(content.AsSpan(at, Math.Min(100_003, content.Length - at)));
                if (at % 3 == 0)
                {
                    stream.Flush(); // as the cdict writer does before it waits: a write-out starts there
                }
            }
        });

        Assert.Equal(content, File.ReadAllBytes(path));
    }

    [Fact]
    public void AWriterMaySeekBackAndPatchWhatItWrote()
    {
        var path = Path.Combine(folder, "patched.bin");
        var body = new byte[3 << 20];
        new Random(11).NextBytes(body);

        AtomicFile.Write(path, stream =>
        {
            Assert.True(stream.CanSeek);
            stream.Write(new byte[8]);
            stream.Write(body);
            var end = stream.Position;
            stream.Position = 0;
            stream.Write(BitConverter.GetBytes(end));
            stream.Seek(0, SeekOrigin.End);
            stream.WriteByte(0x5a);
        });

        var written = File.ReadAllBytes(path);
        Assert.Equal(8 + body.Length + 1, written.Length);
        Assert.Equal(8L + body.Length, BitConverter.ToInt64(written, 0));
        Assert.Equal(body, written[8..^1]);
        Assert.Equal(0x5a, written[^1]);
    }

    [Fact]
    public void AFileWhoseContentIsComputedElsewhereIsWrittenWithTheOthersOnceItIs()
    {
        var first = Path.Combine(folder, "run.cdict");
        var second = Path.Combine(folder, "run.stats");
        using var computed = new ManualResetEventSlim();
        var content = Task.Run(() =>
        {
            // Not done before the first file has begun: its writer runs meanwhile.
            computed.Wait();
            return (Action<Stream>)(stream => stream.Write("stats\n"u8));
        });

        AtomicFile.WriteAll([
            new AtomicOutput(first, stream =>
            {
                computed.Set();
                stream.Write("cdict"u8);
            }),
            AtomicOutput.Computed(second, content),
        ]);

        Assert.Equal("cdict"u8.ToArray(), File.ReadAllBytes(first));
        Assert.Equal("stats\n"u8.ToArray(), File.ReadAllBytes(second));
        Assert.Equal(["run.cdict", "run.stats"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WhenComputingAContentFailsNoFileOfTheSetIsReplaced()
    {
        var first = Path.Combine(folder, "run.cdict");
        var second = Path.Combine(folder, "run.stats");
        File.WriteAllText(first, "old cdict");
        File.WriteAllText(second, "old stats");
        var content = Task.Run(byte[] () => throw new IOException("the stats could not be computed"));

        var error = Assert.Throws<PerfwhizException>(() => AtomicFile.WriteAll([
            new AtomicOutput(first, stream => stream.Write("new cdict"u8)),
            new AtomicOutput(second, stream => stream.Write(content.GetAwaiter().GetResult())) { ContentReady = content },
        ]));

        Assert.Contains("the stats could not be computed", error.Message, StringComparison.Ordinal);
        Assert.Equal("old cdict", File.ReadAllText(first));
        Assert.Equal("old stats", File.ReadAllText(second));
        Assert.Equal(["run.cdict", "run.stats"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
