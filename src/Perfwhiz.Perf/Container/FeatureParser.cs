using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Perf.Container;

/// <summary>Applies one feature section (file mode) or HEADER_FEATURE record (pipe mode) to the metadata.</summary>
internal static class FeatureParser
{
    /// <summary>Whether <paramref name="bit"/> is a feature <see cref="Apply"/> reads (a <see cref="FeatureBit"/>).</summary>
    public static bool Reads(int bit) => (FeatureBit)bit is FeatureBit.TracingData or FeatureBit.Hostname or FeatureBit.OsRelease
        or FeatureBit.Version or FeatureBit.Arch or FeatureBit.NrCpus
        or FeatureBit.EventDesc;

    public static void Apply(PerfMetadata metadata, int bit, ReadOnlySpan<byte> section, long fileOffset)
    {
        var reader = new SpanReader(section, metadata.BigEndian, fileOffset, $"feature section {bit}");
        switch ((FeatureBit)bit)
        {
            case FeatureBit.TracingData:
                ApplyTracingData(metadata, TracingData.Parse(section, fileOffset));
                break;
            case FeatureBit.Hostname:
                metadata.Hostname = reader.ReadPaddedString();
                break;
            case FeatureBit.OsRelease:
                metadata.OsRelease = reader.ReadPaddedString();
                break;
            case FeatureBit.Version:
                metadata.PerfVersion = reader.ReadPaddedString();
                break;
            case FeatureBit.Arch:
                metadata.Arch = reader.ReadPaddedString();
                break;
            case FeatureBit.NrCpus:
                metadata.CpusAvailable = (int)reader.ReadUInt32();
                metadata.CpusOnline = (int)reader.ReadUInt32();
                break;
            case FeatureBit.EventDesc:
                ApplyEventDescriptions(metadata, ref reader);
                break;
        }
    }

    public static void ApplyTracingData(PerfMetadata metadata, TracingData tracingData)
    {
        metadata.PayloadBigEndian = tracingData.BigEndian;
        metadata.Formats.Clear();
        metadata.Formats.AddRange(tracingData.Formats);
    }

    // u32 nr, u32 attr_sz; per event: attr, u32 nr_ids, name, u64 ids[nr_ids]
    private static void ApplyEventDescriptions(PerfMetadata metadata, ref SpanReader reader)
    {
        var count = reader.ReadLength32("event count");
        var attrSize = reader.ReadLength32("attr size");
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            reader.Skip(attrSize);
            var idCount = reader.ReadLength32("id count");
            var name = reader.ReadPaddedString();
            names.Add(name);
            for (var j = 0; j < idCount; j++)
            {
                var id = reader.ReadUInt64();
                foreach (var attr in metadata.Attrs)
                {
                    if (attr.Name is null && attr.HasId(id))
                    {
                        attr.Name = name;
                    }
                }
            }
        }

        // An event whose ids the file does not list (or lists wrongly) keeps a number for a name;
        // perf writes the descriptions in attr order, so the same position names it.
        for (var i = 0; i < metadata.Attrs.Count && names.Count == metadata.Attrs.Count; i++)
        {
            metadata.Attrs[i].Name ??= names[i];
        }
    }
}
