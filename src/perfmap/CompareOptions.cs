using System.CommandLine;
using Perfwhiz.Analyses.Comparison;

namespace Perfwhiz.Perfmap;

/// <summary>The options of <c>perfmap --compare</c>: the switch itself, the CI gate's conditions, the minimum effect and the repeats per configuration.</summary>
public sealed class CompareOptions
{
    private CompareOptions(Option<bool> compare, Option<string[]> failIf, Option<double> minEffect, Option<int> repeats)
    {
        Compare = compare;
        FailIf = failIf;
        MinEffect = minEffect;
        Repeats = repeats;
    }

    public Option<bool> Compare { get; }

    public Option<string[]> FailIf { get; }

    public Option<double> MinEffect { get; }

    public Option<int> Repeats { get; }

    /// <summary>Adds the options to perfmap's command; a malformed condition is a usage error (exit 2).</summary>
    public static CompareOptions AddTo(RootCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var compare = new Option<bool>("--compare") { Description = "compare runs: the first cdict is the base, each other is compared with it (change, 95 % interval, verdict per task and metric; Markdown, or JSON with --json)" };
        var failIf = FailIfOption();
        var minEffect = MinEffectOption();
        var repeats = RepeatsOption();
        command.Options.Add(compare);
        command.Options.Add(failIf);
        command.Options.Add(minEffect);
        command.Options.Add(repeats);
        command.Validators.Add(result =>
        {
            var compared = result.GetValue(compare);
            if (!compared && result.GetValue(failIf) is { Length: > 0 })
            {
                result.AddError("--fail-if needs --compare");
            }

            var files = result.GetValue<string[]>("cdict_file")?.Length ?? 0;
            var sets = Math.Max(1, result.GetValue(repeats));
            if (!compared && sets > 1)
            {
                result.AddError("--repeats needs --compare");
            }
            else if (compared && sets == 1 && files < 2)
            {
                result.AddError("--compare needs at least two cdict files: the base run first, then the runs to compare with it");
            }
            else if (compared && sets > 1 && (files % sets != 0 || files < 2 * sets))
            {
                result.AddError($"--compare --repeats {sets} needs the cdict files in sets of {sets}, the base set first, then at least one more set ({files} given)");
            }
        });
        return new CompareOptions(compare, failIf, minEffect, repeats);
    }

    private static Option<string[]> FailIfOption()
    {
        var failIf = new Option<string[]>("--fail-if")
        {
            Description = "with --compare, exit 3 when a row is worse and crosses this threshold, e.g. 'wakeup.p99 > +20%', 'router.*:runtime < -10%', 'wakeup.p95 > +2ms' (repeatable)",
            HelpName = "[task_re:]metric >|< value",
        };
        failIf.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                try
                {
                    FailCondition.Parse(text);
                }
                catch (PerfwhizException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        return failIf;
    }

    private static Option<double> MinEffectOption()
    {
        var minEffect = new Option<double>("--min-effect")
        {
            Description = "with --compare, changes smaller than this many % of the base value are 'same' whatever their interval (default 5)",
            HelpName = "percent",
            DefaultValueFactory = _ => new ComparisonSettings().MinEffectPercent,
        };
        minEffect.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or double.NaN)
            {
                result.AddError("--min-effect must be a percentage of 0 or more");
            }
        });
        return minEffect;
    }

    private static Option<int> RepeatsOption()
    {
        var repeats = new Option<int>("--repeats")
        {
            Description = "with --compare, each configuration was captured this many times: the cdicts come in sets of N (the first set is the base), compared by their means with an interval that holds the variation between runs (default 1)",
            HelpName = "N",
            DefaultValueFactory = _ => new ComparisonSettings().Repeats,
        };
        repeats.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--repeats must be 1 or more");
            }
        });
        return repeats;
    }
}
