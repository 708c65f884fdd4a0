namespace Perfwhiz.Tests.Dashboards;

/// <summary>A task name as the page shows it: the rule of web/src/text.js, VisibleText's.</summary>
internal static class ShownNames
{
    public static string Of(string name) => VisibleText.Escape(name);
}
