namespace Perfwhiz.Captures.Cdict;

/// <summary>A cdict (or its MessagePack content) is not what perfwhiz can read; the message names what and where.</summary>
public sealed class CdictFormatException : PerfwhizException
{
    public CdictFormatException(string message)
        : base(message)
    {
    }

    public CdictFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CdictFormatException()
    {
    }
}
