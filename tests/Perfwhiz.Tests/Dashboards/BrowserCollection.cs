namespace Perfwhiz.Tests.Dashboards;

/// <summary>The dashboard tests share one browser and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<HeadlessChromium>
{
    public const string Name = "browser";
}
