namespace Perfwhiz.Naming;

/// <summary>
/// A value that must never be printed (the OpenStack password): its <see cref="ToString"/> hides
/// it, so that the options record, a debugger or a log line shows that it was given, not what it is.
/// </summary>
public sealed class Secret(string value)
{
    /// <summary>The value itself, for the one place that needs it.</summary>
    public string Reveal() => value;

    public override string ToString() => "(hidden)";
}
