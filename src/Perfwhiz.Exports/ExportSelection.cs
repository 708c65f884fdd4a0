using Perfwhiz.Analyses.Selection;

namespace Perfwhiz.Exports;

/// <summary>What an export covers of one run: the rows of its window (<c>-c/-f</c>) and the tasks of <c>-t</c>, or all.</summary>
/// <param name="Run">The run, with its window and task keys.</param>
/// <param name="Selected">Selected task keys (from <see cref="TaskSelection"/>), or null for every task.</param>
public sealed record ExportSelection(Run Run, bool[]? Selected)
{
    public bool Includes(int key) => Selected is null || (key != TaskKeys.None && Selected[key]);
}
