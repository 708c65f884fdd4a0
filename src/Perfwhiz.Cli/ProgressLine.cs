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

    public void Report(long done, long total)
    {
        if (!enabled)
        {
            return;
        }

        var text = total > 0
            ? $"\r{label}: {100 * done / total,3}% ({done >> 20} of {total >> 20} MiB)"
            : $"\r{label}: {done >> 20} MiB";
        Console.Error.Write(text);
        shown = true;
    }

    public void Dispose()
    {
        if (shown)
        {
            Console.Error.Write("\r\x1b[K");
        }
    }
}
