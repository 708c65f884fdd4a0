using System.ComponentModel;
using System.Diagnostics;

namespace Perfwhiz.Dashboards;

/// <summary>Opens a written dashboard in the default browser when the desktop has one; never fails.</summary>
public static class BrowserLauncher
{
    public static void Open(string path, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var fullPath = Path.GetFullPath(path);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("xdg-open", [fullPath]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
            return;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // No xdg-open (a server, a container): the path printed is the way to the page.
        }

        output.WriteLine($"Open {fullPath} in a browser to see the dashboard");
    }
}
