using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>The page file itself, without a browser: self-contained, locked down, data inert.</summary>
[Trait("Kind", "browser")]
public sealed partial class DashboardPageTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-page-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("qemu", false)]
    [InlineData("qemu", true)]
    [InlineData("hostile", false)]
    [InlineData("hostile", true)]
    public void PageAllowsOnlyItsOwnScriptAndNoRequest(string capture, bool heatmaps)
    {
        string[] options = heatmaps ? ["-t", ".*", "--heatmaps"] : ["-t", ".*"];
        var html = File.ReadAllText(DashboardFiles.Make(folder, [capture], options).Html);

        var policy = PolicyPattern().Match(html);
        Assert.True(policy.Success, "no Content-Security-Policy meta element");
        var directives = policy.Groups["policy"].Value;
        Assert.Contains("default-src 'none'", directives, StringComparison.Ordinal);
        Assert.Contains("connect-src 'none'", directives, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", directives, StringComparison.Ordinal);

        // One executable script, the one whose hash the policy names; the rest is data as seven-bit
        // text, with nothing that could end its element or that HTML would rewrite.
        var scripts = ScriptPattern().Matches(html);
        var executable = scripts.Where(script => !script.Groups["attributes"].Value.Contains("type=", StringComparison.Ordinal)).ToList();
        var code = Assert.Single(executable).Groups["content"].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
        Assert.Contains($"script-src 'sha256-{hash}'", directives, StringComparison.Ordinal);
        Assert.All(scripts.Except(executable), data => Assert.DoesNotMatch("[<\0\r]", data.Groups["content"].Value));

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("""<meta http-equiv="Content-Security-Policy" content="(?<policy>[^"]*)">""", RegexOptions.NonBacktracking)]
    private static partial Regex PolicyPattern();

    [GeneratedRegex("<script(?<attributes>[^>]*)>(?<content>.*?)</script>", RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture | RegexOptions.Singleline)]
    private static partial Regex ScriptPattern();
}
