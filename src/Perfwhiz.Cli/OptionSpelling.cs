using System.CommandLine;
using System.Globalization;

namespace Perfwhiz.Cli;

/// <summary>
/// Reads options as the original's optparse did: a unique prefix of a long option is that option
/// (<c>--head</c> is <c>--headless</c>), and an unknown option is refused, naming the closest one,
/// instead of being taken as a run name or a file. Arguments after <c>--</c> are never options.
/// </summary>
public static class OptionSpelling
{
    /// <summary>The arguments with every long option spelt in full.</summary>
    /// <exception cref="PerfwhizException">An unknown or ambiguous option.</exception>
    public static string[] Expand(Command root, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        var command = root;
        var expanded = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                expanded.AddRange(args.Skip(i));
                break;
            }

            if (!LooksLikeOption(token))
            {
                command = command.Subcommands.FirstOrDefault(sub => sub.Name == token || sub.Aliases.Contains(token)) ?? command;
                expanded.Add(token);
                continue;
            }

            var options = OptionsOf(command).ToList();
            var (option, spelt) = Resolve(options, token);
            expanded.Add(spelt);
            // The option's value is the next argument, whatever it looks like (-t -x is a task named -x).
            var inlineValue = spelt.Contains('=', StringComparison.Ordinal) || (spelt.StartsWith("--", StringComparison.Ordinal) && spelt.Contains(':', StringComparison.Ordinal));
            if (!inlineValue && i + 1 < args.Count && TakesNext(option, args[i + 1]))
            {
                expanded.Add(args[++i]);
            }
        }

        return [.. expanded];
    }

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>The options that apply to <paramref name="command"/>: its own and the recursive ones of its parents (--help).</summary>
    private static IEnumerable<Option> OptionsOf(Command command)
    {
        foreach (var option in command.Options)
        {
            yield return option;
        }

        foreach (var parent in command.Parents.OfType<Command>())
        {
            foreach (var option in OptionsOf(parent).Where(option => option.Recursive))
            {
                yield return option;
            }
        }
    }

    private static (Option Option, string Spelt) Resolve(List<Option> options, string token)
    {
        var isLong = token.StartsWith("--", StringComparison.Ordinal);
        var separator = isLong ? token.IndexOfAny(['=', ':']) : -1;
        var name = separator > 0 ? token[..separator] : token;
        var rest = separator > 0 ? token[separator..] : string.Empty;
        var exact = options.FirstOrDefault(option => Names(option).Contains(name, StringComparer.Ordinal));
        if (exact is not null)
        {
            return (exact, token);
        }

        if (!isLong)
        {
            // -s5, -t:x: a short option with its value attached.
            var attached = options.FirstOrDefault(option => Names(option).Contains(token[..2], StringComparer.Ordinal));
            return attached is not null ? (attached, token) : throw Unknown(options, name);
        }

        var candidates = options
            .SelectMany(option => Names(option).Where(alias => alias.StartsWith("--", StringComparison.Ordinal) && alias.StartsWith(name, StringComparison.Ordinal)).Select(alias => (Option: option, Alias: alias)))
            .DistinctBy(candidate => candidate.Option)
            .ToList();
        return candidates.Count switch
        {
            1 => (candidates[0].Option, candidates[0].Alias + rest),
            0 => throw Unknown(options, name),
            _ => throw new PerfwhizException($"option {name} is ambiguous: it could be {string.Join(", ", candidates.Select(candidate => candidate.Alias).Order(StringComparer.Ordinal))}"),
        };
    }

    private static IEnumerable<string> Names(Option option) => option.Aliases.Prepend(option.Name);

    private static PerfwhizException Unknown(List<Option> options, string name)
    {
        var closest = options.SelectMany(Names)
            // Long names, and for a short typo the short letters too (not help's -? and /? spellings).
            .Where(alias => alias.StartsWith("--", StringComparison.Ordinal) || (!name.StartsWith("--", StringComparison.Ordinal) && alias.Length == 2 && alias[0] == '-' && char.IsAsciiLetter(alias[1])))
            .OrderBy(alias => EditDistance.Between(alias, name))
            .ThenBy(alias => alias, StringComparer.Ordinal)
            .First();
        return new PerfwhizException($"unknown option {name} (did you mean {closest}?)");
    }

    /// <summary>Whether the argument after <paramref name="option"/> is its value.</summary>
    private static bool TakesNext(Option option, string next) => option.Arity.MaximumNumberOfValues > 0
        && (option.Arity.MinimumNumberOfValues > 0 || bool.TryParse(next, out _));
}
