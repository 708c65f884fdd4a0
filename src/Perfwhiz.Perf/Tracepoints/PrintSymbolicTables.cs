using System.Globalization;

namespace Perfwhiz.Perf.Tracepoints;

/// <summary>
/// Reads the <c>__print_symbolic(value, { code, "NAME" }, ...)</c> tables of a print fmt, in the
/// order they appear. kvm_exit carries its kernel's exit reason names this way (VMX, then SVM).
/// </summary>
public static class PrintSymbolicTables
{
    private const string Marker = "__print_symbolic(";

    public static IReadOnlyList<IReadOnlyDictionary<long, string>> Parse(string printFormat)
    {
        var tables = new List<IReadOnlyDictionary<long, string>>();
        var start = 0;
        while ((start = printFormat.IndexOf(Marker, start, StringComparison.Ordinal)) >= 0)
        {
            start += Marker.Length;
            var table = new Dictionary<long, string>();
            var position = start;
            // Pairs follow the value expression; the table ends at the first ')' outside braces and quotes.
            while (position < printFormat.Length && printFormat[position] != ')')
            {
                if (printFormat[position] == '{')
                {
                    position = ReadPair(printFormat, position + 1, table);
                }
                else
                {
                    position++;
                }
            }

            tables.Add(table);
            start = position;
        }

        return tables;
    }

    private static int ReadPair(string text, int position, Dictionary<long, string> table)
    {
        var comma = text.IndexOf(',', position);
        var open = comma < 0 ? -1 : text.IndexOf('"', comma);
        var close = open < 0 ? -1 : text.IndexOf('"', open + 1);
        var end = close < 0 ? -1 : text.IndexOf('}', close);
        if (end < 0)
        {
            return text.Length;
        }

        if (TryEvaluate(text.AsSpan(position, comma - position), out var code))
        {
            table.TryAdd(code, text[(open + 1)..close]);
        }

        return end + 1;
    }

    // Codes are literals or sums of literals ("0x040 + 13"), possibly negative ("-1").
    private static bool TryEvaluate(ReadOnlySpan<char> expression, out long value)
    {
        value = 0;
        foreach (var range in expression.Split('+'))
        {
            var term = expression[range].Trim();
            var negative = term.StartsWith('-');
            if (negative)
            {
                term = term[1..].Trim();
            }

            long termValue;
            var parsed = term.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? long.TryParse(term[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out termValue)
                : long.TryParse(term, NumberStyles.Integer, CultureInfo.InvariantCulture, out termValue);
            if (!parsed)
            {
                return false;
            }

            value += negative ? -termValue : termValue;
        }

        return true;
    }
}
