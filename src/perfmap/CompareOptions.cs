using System.CommandLine;
using Perfwhiz.Analyses.Comparison;

namespace Perfwhiz.Perfmap;

/// <summary>The options of <c>perfmap --compare</c>: the switch itself and the CI gate's conditions.</summary>
public sealed class CompareOptions
{
    private CompareOptions(Option<bool> compare, Option<string[]> failIf, Option<double> minEffect)
    {
        Compare = compare;
        FailIf = failIf;
        MinEffect = minEffect;
    }

    public Option<bool> Compare { get; }

    public Option<string[]> FailIf { get; }

    public Option<double> MinEffect { get; }

    /// <summary>Adds the options to perfmap's command; a malformed condition is a usage error (exit 2).</summary>
    public static CompareOptions AddTo(RootCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var compare = new Option<bool>("--compare") { Description = "compare runs: the first cdict is the base, each other is compared with it (change, 95 % interval, verdict per task and metric; Markdown, or JSON with --json)" };
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
        command.Options.Add(compare);
        command.Options.Add(failIf);
        command.Options.Add(minEffect);
        command.Validators.Add(result =>
        {
            var compared = result.GetValue(compare);
            if (!compared && result.GetValue(failIf) is { Length: > 0 })
            {
                result.AddError("--fail-if needs --compare");
            }

            if (compared && result.GetValue<string[]>("cdict_file") is { Length: < 2 })
            {
                result.AddError("--compare needs at least two cdict files: the base run first, then the runs to compare with it");
            }
        });
        return new CompareOptions(compare, failIf, minEffect);
    }
}
