namespace Perfwhiz.Perf;

/// <summary>A perf.data file that cannot be read; the message names what is wrong and where.</summary>
public sealed class PerfDataException : PerfwhizException
{
    public PerfDataException(string message)
        : base(message)
    {
    }

    public PerfDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PerfDataException()
    {
    }
}
