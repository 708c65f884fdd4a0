using System.CommandLine.Parsing;
using System.Globalization;

namespace Perfwhiz.Cli;

/// <summary>Parsers for option values whose errors say what is expected in words, not as a .NET type.</summary>
public static class OptionValues
{
    /// <summary>A whole number of <paramref name="unit"/>, 0 or more: "--cap takes a whole number of milliseconds, not '1.5'".</summary>
    public static Func<ArgumentResult, long?> WholeNumber(string option, string unit) => result =>
    {
        var token = Token(result);
        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        result.AddError($"{option} takes a whole number of {unit} (0 or more), not '{VisibleText.Escape(token)}'");
        return null;
    };

    /// <summary>A number of <paramref name="unit"/>, with a fraction or not: "--sleep takes a number of seconds (e.g. 5 or 0.5), not 'x'".</summary>
    public static Func<ArgumentResult, double> Number(string option, string unit) => result =>
    {
        var token = Token(result);
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        result.AddError($"{option} takes a number of {unit} (e.g. 5 or 0.5), not '{VisibleText.Escape(token)}'");
        return 0;
    };

    private static string Token(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
}
