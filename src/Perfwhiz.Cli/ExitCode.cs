namespace Perfwhiz.Cli;

/// <summary>Process exit codes of perfcap and perfmap.</summary>
public enum ExitCode
{
    Success = 0,

    /// <summary>Bad input or a refused request: the one-line message says which.</summary>
    UserError = 1,

    /// <summary>The command line itself is wrong.</summary>
    Usage = 2,

    /// <summary>perfmap --compare: a run crossed a --fail-if threshold and is worse.</summary>
    Regression = 3,

    /// <summary>A bug in perfwhiz (EX_SOFTWARE).</summary>
    InternalError = 70,

    /// <summary>Stopped by Ctrl-C (128 + SIGINT).</summary>
    Cancelled = 130,
}
