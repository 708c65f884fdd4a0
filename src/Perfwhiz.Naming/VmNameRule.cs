using System.Globalization;
using System.Text;

namespace Perfwhiz.Naming;

/// <summary>
/// How a VM's name becomes the base of its threads' names. By default the name itself. With a
/// pattern (a regex with the named groups <c>name</c> and <c>group</c>, matched at the start of
/// the VM name) the result is <c>&lt;name&gt;.&lt;group as 2 digits&gt;</c>, as the CSV map names
/// threads: the original's lab scheme <c>ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0</c>
/// becomes <c>CSR.01</c>. A VM name the pattern does not match, or whose group is not a number,
/// is kept whole: a server outside the scheme is still better known by its name than by "qemu".
/// The original was Python: its named groups <c>(?P&lt;name&gt;...)</c> and back-references
/// <c>(?P=name)</c> are read as .NET's <c>(?&lt;name&gt;...)</c> and <c>\k&lt;name&gt;</c>.
/// </summary>
public sealed class VmNameRule
{
    private const string NameGroup = "name";
    private const string NumberGroup = "group";
    private const string Description = "VM name pattern";

    private readonly UserRegex? pattern;

    private VmNameRule(UserRegex? pattern)
    {
        this.pattern = pattern;
    }

    /// <summary>The default rule: the VM name itself.</summary>
    public static VmNameRule Default { get; } = new(null);

    /// <summary>The pattern as the user gave it; null for the default rule.</summary>
    public string? Pattern => pattern?.Pattern;

    /// <summary>The rule for a <c>--name-pattern</c> value; null or empty gives the default rule.</summary>
    /// <exception cref="PerfwhizException">The pattern is not a valid regex or lacks a named group.</exception>
    public static VmNameRule Parse(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return Default;
        }

        var regex = UserRegex.Compile(WithDotNetGroups(pattern), Description);
        var missing = new[] { NameGroup, NumberGroup }.Where(group => !regex.GroupNames.Contains(group, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new PerfwhizException($"the {Description} '{pattern}' needs the named groups (?<{NameGroup}>...) and (?<{NumberGroup}>...); it lacks {string.Join(" and ", missing.Select(group => $"(?<{group}>...)"))}");
        }

        return new VmNameRule(regex);
    }

    /// <summary>Python's <c>(?P&lt;g&gt;</c> and <c>(?P=g)</c> in .NET's words; escapes and character classes are left alone.</summary>
    internal static string WithDotNetGroups(string pattern)
    {
        var dotNet = new StringBuilder(pattern.Length);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                dotNet.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
                // A ']' first in the class (after an optional '^') is a literal.
                if (pattern.AsSpan(i + 1).StartsWith("^]", StringComparison.Ordinal) || pattern.AsSpan(i + 1).StartsWith("]", StringComparison.Ordinal))
                {
                    var literal = pattern[i + 1] == '^' ? 2 : 1;
                    dotNet.Append(pattern, i, literal + 1);
                    i += literal;
                    continue;
                }
            }
            else if (pattern.AsSpan(i).StartsWith("(?P<", StringComparison.Ordinal))
            {
                dotNet.Append("(?<");
                i += 3;
                continue;
            }
            else if (pattern.AsSpan(i).StartsWith("(?P=", StringComparison.Ordinal) && pattern.IndexOf(')', i) is var close and > 0)
            {
                dotNet.Append(@"\k<").Append(pattern, i + 4, close - i - 4).Append('>');
                i = close;
                continue;
            }

            dotNet.Append(c);
        }

        return dotNet.ToString();
    }

    public string Apply(string vmName)
    {
        ArgumentNullException.ThrowIfNull(vmName);
        if (pattern is null)
        {
            return vmName;
        }

        var match = pattern.Match(vmName);
        var name = match.Groups[NameGroup].Value;
        if (!match.Success || name.Length == 0
            || !int.TryParse(match.Groups[NumberGroup].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return vmName;
        }

        return $"{name}.{number:00}";
    }
}
