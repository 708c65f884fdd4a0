using System.Text;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>A task name as the page shows it: control characters escaped (web/src/text.js).</summary>
internal static class ShownNames
{
    public static string Of(string name)
    {
        var shown = new StringBuilder();
        foreach (var c in name)
        {
            shown.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < 0x20 || c == 0x7f => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return shown.ToString();
    }
}
