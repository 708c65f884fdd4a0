namespace Perfwhiz;

/// <summary>
/// The one error type for problems the user can act on (bad input, missing tool, refused option).
/// Its message is a single line printed without a stack trace; anything else escaping is a bug.
/// </summary>
public class PerfwhizException : Exception
{
    public PerfwhizException(string message)
        : base(message)
    {
    }

    public PerfwhizException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PerfwhizException()
    {
    }
}
