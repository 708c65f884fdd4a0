namespace Perfwhiz.Analyses.Selection;

/// <summary>How rows are grouped into tasks: by name as the original, optionally merged or split.</summary>
/// <param name="MergeSystemTasks">
/// Per-core system tasks become one (<c>swapper/0</c>, <c>swapper/1</c> → <c>swapper</c>): a slash followed
/// by a number ends the name. Names such as <c>CPU 0/KVM</c> stay whole.
/// </param>
/// <param name="AppendTid">Each thread is its own task (<c>perf</c> → <c>perf:2834</c>).</param>
public sealed record TaskNaming(bool MergeSystemTasks = false, bool AppendTid = false)
{
    public string Apply(string name, int tid)
    {
        if (MergeSystemTasks)
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && slash + 1 < name.Length && char.IsAsciiDigit(name[slash + 1]))
            {
                name = name[..slash];
            }
        }

        return AppendTid ? $"{name}:{tid}" : name;
    }
}
