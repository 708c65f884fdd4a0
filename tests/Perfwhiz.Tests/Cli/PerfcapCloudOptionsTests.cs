using Perfwhiz.Naming;
using Perfwhiz.Perfcap;
using Perfwhiz.Tests.Cdict;
using Perfwhiz.Tests.Cloud;
using Perfwhiz.Tests.Infrastructure;

namespace Perfwhiz.Tests.Cli;

/// <summary>
/// perfcap's cloud naming options, checked before any work: the credentials, the password prompt
/// (in a real pseudo-terminal, against the local stand-in for an OpenStack cloud), the pattern,
/// the libvirt XML folder.
/// </summary>
[Trait("Kind", "process")]
public sealed class PerfcapCloudOptionsTests : IDisposable
{
    private const string Password = "pty-Typed-s3cret";
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void WithoutAPasswordOrATerminalOpenStackIsOneClearErrorAndNothingIsWritten()
    {
        var rc = OpenRc("http://127.0.0.1:9/identity/v3");

        var (exitCode, output, error) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "-r", rc, "--dest-folder", folder.Path, "run");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"perfcap: error: no OpenStack password for admin (openrc file {rc}): give -p, set OS_PASSWORD, or run in a terminal to be asked", error.Trim());
        Assert.Equal([rc], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void TheOptionsShowThatAPasswordWasGivenNotWhatItIs()
    {
        var options = new PerfcapOptions("run", ".") { OpenRc = "admin-openrc.sh", Password = new Secret(Password) };

        Assert.DoesNotContain(Password, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = (hidden)", options.ToString(), StringComparison.Ordinal);
        Assert.Equal(Password, options.Password!.Reveal());
    }

    [Theory]
    [InlineData("--name-pattern", "(?<name>[A-Z]+)", "perfcap: error: the VM name pattern '(?<name>[A-Z]+)' needs the named groups (?<name>...) and (?<group>...); it lacks (?<group>...)")]
    [InlineData("--libvirt-xml", "/nonexistent/domains", "perfcap: error: libvirt XML folder /nonexistent/domains does not exist")]
    public void ABadNamingOptionIsRefusedBeforeAnyWork(string option, string value, string message)
    {
        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), option, value, "--dest-folder", folder.Path, "run");

        Assert.Equal(1, exitCode);
        Assert.Equal(message, error.Trim());
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task ThePasswordIsAskedForInTheTerminalWithoutEcho()
    {
        if (ExternalTool.Find("python3") is not { } python)
        {
            ExternalTool.SkipAbsent("python3", "the password prompt in a pseudo-terminal");
            return;
        }

        await using var cloud = new OpenStackStandIn(Password);
        var rc = OpenRc(cloud.AuthUrlV3);

        // python's pty module gives perfcap a terminal, answers the prompt, and prints what the terminal showed.
        var (exitCode, screen, error) = await Task.Run(() => ExternalTool.Run(
            python,
            "-c",
            PtyDriver,
            Password,
            ExternalTool.Find("dotnet") ?? "dotnet",
            Path.Combine(AppContext.BaseDirectory, "perfcap.dll"),
            "--use-perf-data",
            Fixtures.PerfData("sched"),
            "-r",
            rc,
            "--dest-folder",
            folder.Path,
            "prompted"));

        Assert.True(exitCode == 0, screen + error);
        Assert.Contains($"OpenStack password for admin at {cloud.AuthUrlV3}: ", screen, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, screen, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", screen, StringComparison.Ordinal);
        Assert.Contains($"\"password\":\"{Password}\"", cloud.Requests[0].Body, StringComparison.Ordinal);
        Assert.True(File.Exists(folder.File("prompted.cdict")));
    }

    // argv: password, command...; types the password once perfcap asks and has turned the terminal's
    // echo off (the pty's settings, read from its master side), exits with perfcap's code.
    private const string PtyDriver = """
        import os, pty, sys, termios, time
        password, command = sys.argv[1], sys.argv[2:]
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(command[0], command)
        screen, typed = b"", False
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
            if not typed and b"password for" in screen:
                deadline = time.monotonic() + 10
                while termios.tcgetattr(fd)[3] & termios.ECHO and time.monotonic() < deadline:
                    time.sleep(0.01)
                os.write(fd, password.encode() + b"\r")
                typed = True
        sys.stdout.write(screen.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
        """;

    private string OpenRc(string authUrl) => OpenStackStandIn.WriteOpenRc(folder.File("admin-openrc.sh"), authUrl);
}
