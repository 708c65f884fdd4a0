using Perfwhiz.Naming;

namespace Perfwhiz.Tests.Cloud;

/// <summary>The naming rule: the VM name by default, <c>&lt;name&gt;.&lt;group as 2 digits&gt;</c> with --name-pattern.</summary>
[Trait("Kind", "unit")]
public sealed class VmNameRuleTests
{
    /// <summary>
    /// The original plug-in's hard-wired regex, <c>ESC_Day0-3__\d*__MT__MTPerftest_FULL_(\d*)ESC_Day0-31.1__0__([A-Z]*)_</c>,
    /// with its two groups named: the chain number is the group, the VNF type the name.
    /// </summary>
    public const string OriginalLabPattern = @"ESC_Day0-3__\d*__MT__MTPerftest_FULL_(?<group>\d*)ESC_Day0-31.1__0__(?<name>[A-Z]*)_";

    [Fact]
    public void TheOriginalsExampleBecomesCsr01()
    {
        var rule = VmNameRule.Parse(OriginalLabPattern);

        Assert.Equal("CSR.01", rule.Apply("ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0"));
        Assert.Equal("VPC.12", rule.Apply("ESC_Day0-3__62940__MT__MTPerftest_FULL_12ESC_Day0-31.1__0__VPC__0"));
    }

    [Fact]
    public void TheDefaultIsTheVmName()
    {
        Assert.Same(VmNameRule.Default, VmNameRule.Parse(null));
        Assert.Same(VmNameRule.Default, VmNameRule.Parse(string.Empty));
        Assert.Equal("ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0", VmNameRule.Default.Apply("ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0"));
    }

    [Theory]
    [InlineData("firewall-chain-3")]
    [InlineData("ESC_Day0-3__62940__MT__MTPerftest_FULL_ESC_Day0-31.1__0__CSR__0")] // group empty: not a number
    [InlineData("xESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0")] // matched at the start only
    public void ANameOutsideThePatternIsKeptWhole(string vmName)
    {
        Assert.Equal(vmName, VmNameRule.Parse(OriginalLabPattern).Apply(vmName));
    }

    [Fact]
    public void TheGroupIsTwoDigitsAsInTheCsvMap()
    {
        var rule = VmNameRule.Parse(@"(?<name>[a-z]+)-chain-(?<group>\d+)");

        Assert.Equal("firewall.03", rule.Apply("firewall-chain-3"));
        Assert.Equal("router.117", rule.Apply("router-chain-117"));
    }

    [Theory]
    [InlineData(@"(?<name>\w+)", "the VM name pattern '(?<name>\\w+)' needs the named groups (?<name>...) and (?<group>...); it lacks (?<group>...)")]
    [InlineData(@"(\w+)-(\d+)", "the VM name pattern '(\\w+)-(\\d+)' needs the named groups (?<name>...) and (?<group>...); it lacks (?<name>...) and (?<group>...)")]
    [InlineData("(?<name>[a-", "invalid VM name pattern '(?<name>[a-': ")]
    public void ABadPatternIsOneClearError(string pattern, string message)
    {
        var error = Assert.Throws<PerfwhizException>(() => VmNameRule.Parse(pattern));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PythonsNamedGroupsAreAcceptedAsTheOriginalsUsersTypeThem()
    {
        var rule = VmNameRule.Parse(@"(?P<name>[a-z]+)-chain-(?P<group>\d+)-(?P=name)");

        Assert.Equal("firewall.03", rule.Apply("firewall-chain-3-firewall"));
        Assert.Equal("firewall-chain-3-router", rule.Apply("firewall-chain-3-router"));
    }

    [Theory]
    [InlineData(@"(?P<name>a)(?P=name)", @"(?<name>a)\k<name>")]
    [InlineData(@"\(?P<name>", @"\(?P<name>")]
    [InlineData(@"[(?P<]x", @"[(?P<]x")]
    [InlineData(@"[]?P<](?P<g>b)", @"[]?P<](?<g>b)")]
    public void OnlyPythonGroupSyntaxOutsideEscapesAndClassesIsRewritten(string python, string dotNet)
    {
        Assert.Equal(dotNet, VmNameRule.WithDotNetGroups(python));
    }

    [Fact]
    public void ACatastrophicPatternAnswersAtOnce()
    {
        // (a+)+$ backtracks exponentially on a long run of a's that does not end the name.
        var rule = VmNameRule.Parse(@"(?<name>(a+)+)(?<group>\d+)$");
        var name = new string('a', 50_000) + "b";

        Assert.Equal(name, rule.Apply(name));
    }
}
