using System.Globalization;

namespace Perfwhiz.Tests.Cdict;

/// <summary>Large columns are advised huge pages (Linux's VmFlags "hg"), small ones are left alone.</summary>
[Trait("Kind", "unit")]
public class HugePagesTests
{
    [Fact]
    public unsafe void ALargeArrayIsAdvisedHugePages()
    {
        SkipOffLinux();
        var column = HugePages.Allocate<long>(4 << 20);

        fixed (long* middle = &column[column.Length / 2])
        {
            Assert.Contains("hg", VmFlagsAt((nint)middle));
        }
    }

    [Fact]
    public unsafe void ASmallArrayIsNot()
    {
        SkipOffLinux();
        var column = HugePages.Allocate<long>(1 << 10);

        fixed (long* start = column)
        {
            Assert.DoesNotContain("hg", VmFlagsAt((nint)start));
        }
    }

    private static void SkipOffLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("huge pages are advised on Linux only");
        }
    }

    /// <summary>The VmFlags of the mapping holding <paramref name="address"/>, from /proc/self/smaps.</summary>
    private static string[] VmFlagsAt(nint address)
    {
        var inMapping = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                inMapping = start <= address && address < end;
            }
            else if (inMapping && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"no mapping holds {address:x}");
    }
}
