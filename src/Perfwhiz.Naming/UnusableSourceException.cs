namespace Perfwhiz.Naming;

/// <summary>
/// A name source that cannot be used, for a reason the command line does not show: what a file or
/// the environment holds (an incomplete openrc, a clouds.yaml that cannot be read, an OS_CLOUD that
/// names nothing), or no password and no terminal to ask on. Unlike a <see cref="PerfwhizException"/>
/// (a mistake in what the user typed, refused before any work), it never costs the capture:
/// <see cref="CloudNameSources"/> turns it into one warning line and goes on without the source.
/// </summary>
public sealed class UnusableSourceException : Exception
{
    public UnusableSourceException()
    {
    }

    public UnusableSourceException(string message)
        : base(message)
    {
    }

    public UnusableSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
