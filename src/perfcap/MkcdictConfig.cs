using System.CommandLine;

namespace Perfwhiz.Perfcap;

/// <summary>
/// The original's <c>.mkcdict.cfg</c>: <c>name = value</c> lines in the current folder that supply
/// options the command line did not give. Names are long option names (<c>dest-folder</c>, with
/// '-' or '_') or the original's own (<c>perf_data</c>, <c>perf</c>, <c>seconds</c>).
/// </summary>
public static class MkcdictConfig
{
    public const string FileName = ".mkcdict.cfg";

    private static readonly Dictionary<string, string> OriginalNames = new(StringComparer.Ordinal)
    {
        ["perf_data"] = "--use-perf-data",
        ["perf"] = "--use-perf",
        ["seconds"] = "--sleep",
        ["passwordd"] = "--password",
    };

    /// <summary>
    /// Command-line tokens for the options the file sets and <paramref name="commandLine"/> does not.
    /// </summary>
    /// <param name="warn">Told about lines it ignores (names no option).</param>
    public static IReadOnlyList<string> Tokens(string path, Command command, ParseResult commandLine, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(warn);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"cannot read {path}: {e.Message}", e);
        }

        var tokens = new List<string>();
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                throw new PerfwhizException($"{path}, line {index + 1}: expected 'name = value'");
            }

            var name = line[..separator].Trim();
            var value = line[(separator + 1)..].TrimStart('=', ':').Trim().Trim('"', '\'');
            var option = Find(command, name);
            if (option is null)
            {
                warn($"{path}, line {index + 1}: '{name}' is not a perfcap option, ignored");
            }
            else if (commandLine.GetResult(option) is not { Implicit: false })
            {
                tokens.Add(option.Name);
                tokens.Add(value);
            }
        }

        return tokens;
    }

    private static Option? Find(Command command, string name)
    {
        var longName = OriginalNames.GetValueOrDefault(name) ?? "--" + name.Replace('_', '-');
        return command.Options.FirstOrDefault(option => option.Name == longName || option.Aliases.Contains(longName));
    }
}
