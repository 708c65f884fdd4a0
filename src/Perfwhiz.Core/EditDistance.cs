namespace Perfwhiz;

/// <summary>Levenshtein distances, for "did you mean" suggestions.</summary>
public static class EditDistance
{
    /// <summary>Insertions, deletions and substitutions that turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Between(string a, string b) => Compute(a, b, prefixOfA: false);

    /// <summary>The distance from <paramref name="typed"/> to the closest prefix of <paramref name="name"/>.</summary>
    public static int ToPrefix(string name, string typed) => Compute(name, typed, prefixOfA: true);

    private static int Compute(string a, string b, bool prefixOfA)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        // previous[b.Length] after row i is the distance from b to a[..i].
        var best = previous[b.Length];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
            best = Math.Min(best, previous[b.Length]);
        }

        return prefixOfA ? best : previous[b.Length];
    }
}
