using Perfwhiz.Naming;
using Perfwhiz.Perfcap;
using Perfwhiz.Tests.Cdict;
using Perfwhiz.Tests.Cloud;

namespace Perfwhiz.Tests.Cli;

/// <summary>
/// perfcap's cloud naming options, checked before any work: a mistake in what the user typed is
/// refused in one line; a source that cannot be used (what its files hold, no password and no
/// terminal) is one warning and the capture is written; the password prompt in a real
/// pseudo-terminal, against the local stand-in for an OpenStack cloud.
/// </summary>
[Trait("Kind", "process")]
public sealed class PerfcapCloudOptionsTests : IDisposable
{
    private const string Password = "pty-Typed-s3cret";
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void WithoutAPasswordOrATerminalOpenStackIsAWarningBeforeConvertingAndTheCaptureIsWritten()
    {
        var rc = OpenRc("http://127.0.0.1:9/identity/v3");

        var (exitCode, screen) = RunMerged(string.Empty, "--use-perf-data", Fixtures.PerfData("sched"), "-r", rc, "--dest-folder", folder.Path, "run");

        Assert.True(exitCode == 0, screen);
        var warning = $"perfcap: warning: OpenStack: no password for admin (openrc file {rc}): give -p, set OS_PASSWORD, or run in a terminal to be asked; going on without it";
        Assert.Equal(1, Occurrences(screen, "warning"));
        Assert.True(screen.IndexOf(warning, StringComparison.Ordinal) is >= 0 and var at && at < screen.IndexOf("Capture: ", StringComparison.Ordinal), screen);
        Assert.True(File.Exists(folder.File("run.cdict")));
    }

    [Fact]
    public void ACloudsYamlItCannotReadIsAWarningAndTheCaptureIsWritten()
    {
        // An unclosed flow mapping: the file is the problem, not the command line.
        File.WriteAllText(folder.File("clouds.yaml"), "clouds:\n  lab: {auth: {auth_url: http://127.0.0.1:9/v3}\n");

        var (exitCode, screen) = RunMerged(folder.Path, "--use-perf-data", Fixtures.PerfData("sched"), "--os-cloud", "lab", "run");

        Assert.True(exitCode == 0, screen);
        Assert.Contains($"perfcap: warning: OpenStack: {folder.File("clouds.yaml")}, line ", screen, StringComparison.Ordinal);
        Assert.Contains("; going on without it", screen, StringComparison.Ordinal);
        Assert.True(File.Exists(folder.File("run.cdict")));
    }

    [Fact]
    public void ACloudsYamlWithAnchorsAndMergeKeysNamesTheCloud()
    {
        // The cloud merges shared settings; OpenStack then fails on the other side (nothing listens on port 9), after the capture.
        File.WriteAllText(folder.File("clouds.yaml"), "base: &base\n  auth: {auth_url: 'http://127.0.0.1:9/identity/v3', username: admin, project_name: admin, password: pw}\nclouds:\n  lab:\n    <<: *base\n");

        var (exitCode, screen) = RunMerged(folder.Path, "--use-perf-data", Fixtures.PerfData("sched"), "--os-cloud", "lab", "run");

        Assert.True(exitCode == 0, screen);
        Assert.Contains("perfcap: warning: OpenStack: cannot reach Keystone at http://127.0.0.1:9/identity/v3/auth/tokens (Connection refused); going on without it", screen, StringComparison.Ordinal);
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
    [InlineData("--name-pattern", "(?P<name>[a-", "perfcap: error: invalid VM name pattern ")]
    [InlineData("--libvirt-xml", "/nonexistent/domains", "perfcap: error: libvirt XML folder /nonexistent/domains does not exist")]
    [InlineData("-r", "/nonexistent/admin-openrc.sh", "perfcap: error: cannot read the openrc file /nonexistent/admin-openrc.sh: ")]
    [InlineData("--os-cloud", "nowhere", "perfcap: error: the cloud 'nowhere' was asked for but there is no clouds.yaml (looked for ")]
    public void AMistakeInANamingOptionIsTheUsersAndRefusedBeforeAnyWork(string option, string value, string message)
    {
        var (exitCode, _, error) = ToolProcess.RunIn(folder.Path, "perfcap", "--use-perf-data", Fixtures.PerfData("sched"), option, value, "run");

        Assert.Equal(1, exitCode);
        Assert.StartsWith(message, error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void APythonNamePatternIsAccepted()
    {
        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--name-pattern", @"(?P<name>[a-z]+)-chain-(?P<group>\d+)", "--dest-folder", folder.Path, "run");

        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(folder.File("run.cdict")));
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

    /// <summary>perfcap with its error output merged into its output, as a terminal shows them, in order.</summary>
    private static (int ExitCode, string Screen) RunMerged(string workingDirectory, params string[] arguments)
    {
        var (exitCode, screen, _) = ExternalTool.RunIn(workingDirectory, "sh", ["-c", "exec \"$0\" \"$@\" 2>&1", ExternalTool.Find("dotnet") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "perfcap.dll"), .. arguments]);
        return (exitCode, screen);
    }

    private static int Occurrences(string text, string word) => text.Split(word).Length - 1;

    private string OpenRc(string authUrl) => OpenStackStandIn.WriteOpenRc(folder.File("admin-openrc.sh"), authUrl);
}
