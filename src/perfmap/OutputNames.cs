using System.Globalization;
using System.Text;

namespace Perfwhiz.Perfmap;

/// <summary>
/// The original's output file names: <c>&lt;capture base&gt;-charts_&lt;task re&gt;.html</c> next to the
/// first capture (or in --output-dir); several captures make it <c>&lt;first&gt;-diff-charts_...</c>;
/// a label replaces the capture base and drops the task part. A window (-f/-c) is part of the name
/// (<c>-from100ms-cap500ms</c>), so a windowed page does not overwrite the whole capture's.
/// </summary>
public static class OutputNames
{
    private const int MaxPartLength = 100;

    public static string For(PerfmapOptions options, string chartType, string taskText)
    {
        ArgumentNullException.ThrowIfNull(options);
        return For(options.CdictFiles, options.Label, options.OutputDir, chartType, taskText, options.FromMs, options.CapMs);
    }

    public static string For(IReadOnlyList<string> cdictFiles, string? label, string? outputDir, string chartType, string taskText, long? fromMs = null, long? capMs = null)
    {
        ArgumentNullException.ThrowIfNull(cdictFiles);
        ArgumentNullException.ThrowIfNull(taskText);
        var first = cdictFiles[0];
        var folder = outputDir ?? Path.GetDirectoryName(first) ?? string.Empty;
        var window = (fromMs is > 0 ? string.Create(CultureInfo.InvariantCulture, $"-from{fromMs}ms") : string.Empty)
            + (capMs is { } cap ? string.Create(CultureInfo.InvariantCulture, $"-cap{cap}ms") : string.Empty);
        string name;
        if (label is not null)
        {
            name = $"{Safe(label.Replace(' ', '-'))}-{chartType}{window}.html";
        }
        else
        {
            var captureBase = Path.GetFileName(first).Replace(".cdict", string.Empty, StringComparison.Ordinal) + (cdictFiles.Count > 1 ? "-diff" : string.Empty);
            var task = taskText.StartsWith(".*", StringComparison.Ordinal) ? taskText[2..] : taskText;
            name = $"{captureBase}-{chartType}_{Safe(task)}{window}.html";
        }

        return Path.Combine(folder, name);
    }

    /// <summary>
    /// The file-name sink: a task regex or label keeps its letters, digits, spaces and <c>. - + , = @</c>;
    /// anything else (regex and shell characters, separators, invisible or right-to-left characters)
    /// becomes one '_', and the part is cut to a length file systems take.
    /// </summary>
    private static string Safe(string part)
    {
        var safe = new StringBuilder(part.Length);
        foreach (var c in part)
        {
            var kept = char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '-' or '+' or ',' or '=' or '@'
                || (c > 0x7f && char.IsLetterOrDigit(c) && VisibleText.Escape(c.ToString()).Length == 1);
            if (kept)
            {
                safe.Append(c);
            }
            else if (safe.Length == 0 || safe[^1] != '_')
            {
                safe.Append('_');
            }
        }

        var name = safe.ToString().Trim('_');
        return name.Length > MaxPartLength ? name[..MaxPartLength] : name;
    }
}
