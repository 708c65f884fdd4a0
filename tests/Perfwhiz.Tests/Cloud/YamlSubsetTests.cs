using Perfwhiz.Naming.OpenStack;
using Perfwhiz.Tests.Infrastructure;

namespace Perfwhiz.Tests.Cloud;

/// <summary>The YAML clouds.yaml files use, read without a YAML package, and clear errors for the rest.</summary>
[Trait("Kind", "unit")]
public sealed class YamlSubsetTests
{
    [Fact]
    public void ReadsMappingsSequencesAndScalarsOfARealCloudsYaml()
    {
        var root = YamlSubset.Parse(File.ReadAllText(Fixtures.Path("openstack/credentials/clouds.yaml")), "clouds.yaml");

        var clouds = root.Mapping!["clouds"].Mapping!;
        Assert.Equal(["lab", "legacy cloud"], clouds.Keys);
        var lab = clouds["lab"].Mapping!;
        Assert.Equal("it's # not a comment", lab["auth"].Mapping!["password"].Scalar);
        Assert.Equal("default", lab["auth"].Mapping!["project_domain_id"].Scalar);
        Assert.Equal("3", lab["identity_api_version"].Scalar);
        var regions = lab["regions"].Sequence!;
        Assert.Equal("RegionOne", regions[0].Scalar);
        Assert.Equal("RegionTwo", regions[1].Mapping!["name"].Scalar);
        Assert.Equal("public", regions[1].Mapping!["values"].Mapping!["interface"].Scalar);
        Assert.Equal(["RegionOne", "RegionTwo"], clouds["legacy cloud"].Mapping!["regions"].Sequence!.Select(region => region.Scalar));
    }

    [Fact]
    public void ASequenceMayStartAtItsKeysIndentation()
    {
        var root = YamlSubset.Parse("regions:\n- a\n- \"b\"\nnext: c # comment\nempty:\n", "f");

        Assert.Equal(["a", "b"], root.Mapping!["regions"].Sequence!.Select(item => item.Scalar));
        Assert.Equal("c", root.Mapping["next"].Scalar);
        Assert.Equal(string.Empty, root.Mapping["empty"].Scalar);
    }

    [Theory]
    [InlineData("clouds:\n  a: &anchor\n", "f, line 2: anchors and aliases is beyond the YAML perfwhiz reads")]
    [InlineData("clouds:\n  a: !!str x\n", "f, line 2: tags is beyond the YAML perfwhiz reads")]
    [InlineData("clouds:\n  a: |\n    text\n", "f, line 2: block scalars | and > is beyond the YAML perfwhiz reads")]
    [InlineData("clouds:\n  a: {b: c}\n", "f, line 2: a flow mapping { ... } (write it as an indented block) is beyond")]
    [InlineData("clouds:\n\tauth: x\n", "f, line 2: a tab in the indentation (YAML indents with spaces)")]
    [InlineData("clouds:\n  a: b\n  a: c\n", "f, line 3: the key 'a' appears twice")]
    [InlineData("clouds:\n  a: b\n    c: d\n", "f, line 3: unexpected indentation")]
    [InlineData("clouds:\n  a: 'open\n", "f, line 2: the quoted value 'open is not closed on its line")]
    [InlineData("clouds:\n  just text\n", "f, line 2: expected 'key: value', found 'just text'")]
    [InlineData("  a: b\nc: d\n", "f, line 2: indented less than the document's first line")]
    public void WhatItDoesNotReadIsRefusedWithItsLine(string text, string message)
    {
        var error = Assert.Throws<PerfwhizException>(() => YamlSubset.Parse(text, "f"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
