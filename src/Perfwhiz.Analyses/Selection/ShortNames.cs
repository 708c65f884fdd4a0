namespace Perfwhiz.Analyses.Selection;

/// <summary>
/// Names runs by what tells their files apart: <c>../../haswell/h1x216.cdict</c> and
/// <c>../../haswell/h5x113.cdict</c> become <c>h1x216</c> and <c>h5x113</c>. The common head and tail
/// are cut only at a separator, so no word and no number is cut in half.
/// </summary>
public static class ShortNames
{
    public static IReadOnlyList<string> Of(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var names = files.Select(file => file.EndsWith(".cdict", StringComparison.Ordinal) ? file[..^6] : file).ToList();
        if (names.Count < 2)
        {
            return [.. names.Select(Path.GetFileName).Select(name => name ?? string.Empty)];
        }

        var head = CommonHead(names);
        var tail = CommonTail(names);
        return [.. names.Select(name => name.Length > head + tail ? name[head..^tail] : name)];
    }

    private static int CommonHead(List<string> names)
    {
        var shortest = names.Min(name => name.Length);
        var common = 0;
        while (common < shortest && names.All(name => name[common] == names[0][common]))
        {
            common++;
        }

        // Back off to just after the last separator inside the common part.
        while (common > 0 && !IsSeparator(names[0][common - 1]))
        {
            common--;
        }

        return common;
    }

    private static int CommonTail(List<string> names)
    {
        var shortest = names.Min(name => name.Length);
        var common = 0;
        while (common < shortest && names.All(name => name[^(common + 1)] == names[0][^(common + 1)]))
        {
            common++;
        }

        while (common > 0 && !IsSeparator(names[0][^common]))
        {
            common--;
        }

        return common;
    }

    private static bool IsSeparator(char c) => !char.IsLetterOrDigit(c);
}
