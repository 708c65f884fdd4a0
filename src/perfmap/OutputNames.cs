namespace Perfwhiz.Perfmap;

/// <summary>
/// The original's output file names: <c>&lt;capture base&gt;-charts_&lt;task re&gt;.html</c> next to the
/// first capture (or in --output-dir); several captures make it <c>&lt;first&gt;-diff-charts_...</c>;
/// a label replaces the capture base and drops the task part.
/// </summary>
public static class OutputNames
{
    public static string For(IReadOnlyList<string> cdictFiles, string? label, string? outputDir, string chartType, string taskText)
    {
        ArgumentNullException.ThrowIfNull(cdictFiles);
        ArgumentNullException.ThrowIfNull(taskText);
        var first = cdictFiles[0];
        var folder = outputDir ?? Path.GetDirectoryName(first) ?? string.Empty;
        string name;
        if (label is not null)
        {
            name = $"{Safe(label.Replace(' ', '-'))}-{chartType}.html";
        }
        else
        {
            var captureBase = Path.GetFileName(first).Replace(".cdict", string.Empty, StringComparison.Ordinal) + (cdictFiles.Count > 1 ? "-diff" : string.Empty);
            var task = taskText.StartsWith(".*", StringComparison.Ordinal) ? taskText[2..] : taskText;
            name = $"{captureBase}-{chartType}_{Safe(task)}.html";
        }

        return Path.Combine(folder, name);
    }

    // A task regex or label may hold a path separator or control characters: not in a file name.
    private static string Safe(string part) =>
        string.Concat(part.Select(c => c == '/' || c == '\\' || char.IsControl(c) ? '_' : c));
}
