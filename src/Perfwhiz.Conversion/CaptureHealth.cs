using Perfwhiz.Perf;
using Perfwhiz.Perf.Container;

namespace Perfwhiz.Conversion;

/// <summary>Checks that a capture holds what the analyses need and says what is missing and what it costs (<see cref="TracepointCatalog"/>).</summary>
internal static class CaptureHealth
{
    public static void CheckEvents(string displayName, PerfMetadata metadata, List<string> warnings)
    {
        var recorded = metadata.Attrs.Where(attr => attr.Format is not null).Select(attr => attr.Format!.FullName).ToHashSet(StringComparer.Ordinal);
        if (!TracepointCatalog.All.Any(tracepoint => tracepoint.Anchor && recorded.Contains(tracepoint.Name)))
        {
            var held = string.Join(", ", metadata.Attrs.Select(attr => attr.DisplayName).Distinct(StringComparer.Ordinal));
            var events = string.Concat(TracepointCatalog.Recorded.Select(choices => $" -e {choices[0]}"));
            throw new PerfDataException(
                $"{displayName} holds no scheduler or KVM tracepoints (it holds: {held}); record a capture with perfcap --switches <run-name>, or: perf record -a{events} -- sleep 5 (leaving out those this kernel lacks)");
        }

        foreach (var tracepoint in TracepointCatalog.All)
        {
            if (tracepoint.LostWithout is { } loss && !recorded.Contains(tracepoint.Name)
                && (tracepoint.CoveredBy is null || !recorded.Contains(tracepoint.CoveredBy))
                && (tracepoint.LostOnlyWith is null || recorded.Contains(tracepoint.LostOnlyWith)))
            {
                warnings.Add(loss);
            }
        }
    }
}
