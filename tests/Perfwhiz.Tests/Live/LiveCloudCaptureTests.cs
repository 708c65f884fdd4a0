using System.Text;
using Perfwhiz.Tests.Annotation;
using Perfwhiz.Tests.Cdict;
using Perfwhiz.Tests.Cli;
using Perfwhiz.Tests.Cloud;

namespace Perfwhiz.Tests.Live;

/// <summary>
/// A live perfcap of two real qemu VMs started as Nova starts them (-uuid = the server id), named
/// from a local stand-in for an OpenStack cloud (which cannot run here) and from libvirt domain XML
/// files, with the original's lab naming pattern; the password never leaves perfcap.
/// </summary>
[Trait("Kind", "live")]
[Collection(LiveCollection.Name)]
public sealed class LiveCloudCaptureTests(QemuVms vms) : IClassFixture<QemuVms>, IDisposable
{
    private const string Password = "Corr3ct-Horse-live-capture";
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task ServerNamesFromTheOpenStackStandInWinOverLibvirtAndQemuNames()
    {
        if (LivePerfcap.CannotCapture(vms))
        {
            return;
        }

        await using var cloud = new OpenStackStandIn(Password);
        // libvirt knows router2 by another name: OpenStack's must win.
        var domains = Directory.CreateDirectory(folder.File("domains")).FullName;
        var router2Domain = File.ReadAllText(Fixtures.Path("libvirt/domains/instance-0000002b.xml"));
        File.WriteAllText(Path.Combine(domains, "instance-0000002b.xml"), router2Domain.Replace("<nova:name>firewall-chain-3<", "<nova:name>fw-from-libvirt<", StringComparison.Ordinal));

        var (exitCode, output, error) = LivePerfcap.Run(
            "-s", "1", "--all", "-r", OpenRc(cloud), "-p", Password, "--name-pattern", VmNameRuleTests.OriginalLabPattern,
            "--libvirt-xml", domains, "--dest-folder", folder.Path, "cloud");

        Assert.True(exitCode == 0, error);
        Assert.True(output.Contains($" from OpenStack {cloud.AuthUrlV3} (", StringComparison.Ordinal), output + error);
        var names = ToolProcess.ListedTaskNames(folder.File("cloud.cdict"));
        // The boot vcpus run (and switch) in any second of firmware idling.
        Assert.Contains("CSR.01.vcpu0", names);
        Assert.Contains("firewall-chain-3.vcpu0", names);
        Assert.DoesNotContain("fw-from-libvirt.vcpu0", names);
        Assert.DoesNotContain("router1.vcpu0", names);
        AssertNowhere(Password, output, error);
    }

    [Fact]
    public async Task ARefusedLoginIsOneWarningAndLibvirtNamesTheVms()
    {
        if (LivePerfcap.CannotCapture(vms))
        {
            return;
        }

        await using var cloud = new OpenStackStandIn("not-" + Password);

        var (exitCode, output, error) = LivePerfcap.Run(
            "-s", "1", "--switches", "-r", OpenRc(cloud), "-p", Password, "--name-pattern", VmNameRuleTests.OriginalLabPattern,
            "--libvirt-xml", Fixtures.Path("libvirt/domains"), "--dest-folder", folder.Path, "refused");

        Assert.True(exitCode == 0, error);
        Assert.Equal(
            [$"perfcap: warning: OpenStack: Keystone at {cloud.AuthUrlV3}/auth/tokens answered 401 Unauthorized: the user name, password, domain or project were refused; going on without it"],
            error.Split('\n').Where(line => line.Contains("warning: OpenStack", StringComparison.Ordinal)));
        Assert.Contains($" from libvirt XML {Fixtures.Path("libvirt/domains")} (", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" from OpenStack", output, StringComparison.Ordinal);
        var names = ToolProcess.ListedTaskNames(folder.File("refused.cdict"));
        Assert.Contains("CSR.01.vcpu0", names);
        Assert.Contains("firewall-chain-3.vcpu0", names);
        AssertNowhere(Password, output, error);
    }

    /// <summary>The issue's two cases: a clouds.yaml named only by OS_CLOUD that cannot be read, an openrc with no password and no terminal.</summary>
    [Theory]
    [InlineData("os-cloud")]
    [InlineData("no-password")]
    public void AnUnusableOpenStackIsAWarningBeforeRecordingAndTheCaptureIsWritten(string problem)
    {
        if (LivePerfcap.Unavailable is { } reason)
        {
            Console.WriteLine($"[skipped live capture] {reason}");
            return;
        }

        var cloudsYaml = folder.File("clouds.yaml");
        File.WriteAllText(cloudsYaml, "clouds:\n  lab:\n    auth: {auth_url: http://127.0.0.1:9/v3\n");
        string[] environment = problem == "os-cloud" ? ["OS_CLOUD=lab", $"OS_CLIENT_CONFIG_FILE={cloudsYaml}"] : [];
        string[] options = problem == "os-cloud" ? [] : ["-r", OpenStackStandIn.WriteOpenRc(folder.File("admin-openrc.sh"), "http://127.0.0.1:9/identity/v3")];

        // stderr merged into stdout as a terminal shows them, stdin not a terminal.
        var (exitCode, screen, _) = ExternalTool.Run(
            "/usr/bin/env",
            [.. environment, "sh", "-c", "exec \"$0\" \"$@\" 2>&1 </dev/null", ExternalTool.Find("dotnet") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "perfcap.dll"),
                "-s", "1", "--switches", "--annotate-libvirt", "false", .. options, "--dest-folder", folder.Path, problem]);

        Assert.True(exitCode == 0, screen);
        var warning = screen.IndexOf("perfcap: warning: OpenStack: ", StringComparison.Ordinal);
        Assert.True(warning >= 0 && warning < screen.IndexOf("Recording ", StringComparison.Ordinal), screen);
        Assert.Contains("; going on without it", screen, StringComparison.Ordinal);
        Assert.True(File.Exists(folder.File(problem + ".cdict")), screen);
    }

    private string OpenRc(OpenStackStandIn cloud) => OpenStackStandIn.WriteOpenRc(folder.File("admin-openrc.sh"), cloud.AuthUrlV3);

    /// <summary>The secret is in no output and no file of the run, a cdict's two streams read inflated.</summary>
    private void AssertNowhere(string secret, params string[] outputs)
    {
        Assert.All(outputs, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        var utf8 = Encoding.UTF8.GetBytes(secret);
        foreach (var file in Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories).Where(file => !file.EndsWith("openrc.sh", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(file);
            byte[][] contents = [bytes];
            if (file.EndsWith(".cdict", StringComparison.Ordinal))
            {
                var (events, extension) = RawCdict.Split(bytes);
                contents = [events, extension];
            }

            Assert.All(contents, content => Assert.True(content.AsSpan().IndexOf(utf8) < 0, $"the password is in {file}"));
        }
    }
}
