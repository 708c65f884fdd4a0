using System.Text.RegularExpressions;
using Perfwhiz.Tests.Annotation;
using Perfwhiz.Tests.Cli;

namespace Perfwhiz.Tests.Live;

/// <summary>
/// A live perfcap of two real qemu VMs (router1, router2): router1 named through a `perfcap vm-map`
/// CSV, router2 by qemu's own -name guest= (--annotate-qemu, on by default for a live capture).
/// </summary>
[Trait("Kind", "live")]
[Collection(LiveCollection.Name)]
public sealed class LiveQemuCaptureTests(QemuVms vms) : IClassFixture<QemuVms>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-live-qemu-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void VmMapAndQemuNamesAnnotateALiveCapture()
    {
        if (LivePerfcap.CannotCapture(vms))
        {
            return;
        }

        var (mapExit, csv, mapError) = ToolProcess.Run("perfcap", "vm-map", vms.Router1.ToString(System.Globalization.CultureInfo.InvariantCulture), "router", "1");
        Assert.True(mapExit == 0, mapError);
        var map = Path.Combine(folder, "router1.csv");
        File.WriteAllText(map, csv);

        var (exitCode, output, error) = LivePerfcap.Run("-s", "1", "--all", "--map", map, "--dest-folder", folder, "vms");

        Assert.True(exitCode == 0, error);
        Assert.Matches($@"Annotated \d+ threads: \d+ from CSV map {Regex.Escape(map)}, \d+ from qemu -name guest= \(", output);
        var names = ToolProcess.ListedTaskNames(Path.Combine(folder, "vms.cdict"));
        // The boot vcpus run (and switch) in any second of firmware idling.
        Assert.Contains("router.01.vcpu0", names);
        Assert.Contains("router2.vcpu0", names);
        Assert.DoesNotContain("router1.vcpu0", names); // the CSV map wins over qemu's name
    }
}
