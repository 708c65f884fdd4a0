namespace Perfwhiz.Cli;

/// <summary>A one-line progress display on stderr, shown only on a terminal so logs stay clean.</summary>
public sealed class ProgressLine : IDisposable
{
    private readonly string label;
    private readonly bool enabled = !Console.IsErrorRedirected;
    private bool shown;

    public ProgressLine(string label)
    {
        this.label = label;
    }

    public void Report(long done, long total) =>
        Show(total > 0 ? $"{100 * done / total,3}% ({done >> 20} of {total >> 20} MiB)" : $"{done >> 20} MiB");

    /// <summary>Replaces the line with the label and <paramref name="state"/>.</summary>
    public void Show(string state)
    {
        if (enabled)
        {
            Console.Error.Write($"\r{label}: {state}\x1b[K");
            shown = true;
        }
    }

    public void Dispose()
    {
        if (shown)
        {
            Console.Error.Write("\r\x1b[K");
        }
    }
}
