namespace Perfwhiz.Reports.Text;

/// <summary>A column of a <see cref="TextTable"/>: numbers align right, words left.</summary>
internal sealed record TextColumn(string Header, bool AlignLeft = false);
