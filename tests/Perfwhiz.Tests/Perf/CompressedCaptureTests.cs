using Perfwhiz.Perf;
using Perfwhiz.Perf.Compression;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// perf record -z captures need the system's libzstd, loaded at run time (reading them is checked
/// against perf script on sched-z.perf.data in <see cref="PerfScriptCrossCheckTests"/>).
/// </summary>
[Trait("Kind", "unit")]
public sealed class CompressedCaptureTests
{
    [Fact]
    public void MissingLibzstdIsOneLineNamingThePackage()
    {
        var error = Assert.Throws<PerfDataException>(() => new ZstdStreamDecoder(["libzstd-that-is-not-installed.so.9"]));

        Assert.Contains("needs libzstd: install the libzstd1 package", error.Message, StringComparison.Ordinal);
    }
}
