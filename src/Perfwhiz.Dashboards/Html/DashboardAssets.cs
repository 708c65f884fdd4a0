using System.Security.Cryptography;

namespace Perfwhiz.Dashboards;

/// <summary>
/// The dashboards' script (web/, bundled with ECharts at build time), style sheet and page
/// template, embedded in this assembly, and the script's hash for the page's Content-Security-Policy.
/// </summary>
internal static class DashboardAssets
{
    private static readonly Lazy<byte[]> ScriptBytes = new(() => Read("dashboard.js"));
    private static readonly Lazy<byte[]> StyleBytes = new(() => Read("dashboard.css"));
    private static readonly Lazy<byte[]> PageBytes = new(() => Read("page.html"));

    public static ReadOnlySpan<byte> Script => ScriptBytes.Value;

    public static ReadOnlySpan<byte> Style => StyleBytes.Value;

    /// <summary>The page's HTML with <c>{{name}}</c> where the script, style, title, data and script hash go.</summary>
    public static ReadOnlySpan<byte> PageTemplate => PageBytes.Value;

    public static string ScriptHash => Convert.ToBase64String(SHA256.HashData(ScriptBytes.Value));

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is missing from the assembly: build Perfwhiz.Dashboards with node and npm available");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
