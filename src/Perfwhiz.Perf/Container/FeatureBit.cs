namespace Perfwhiz.Perf.Container;

/// <summary>The feature sections perfwhiz reads (perf's HEADER_* feature bits; FeatureParser.Reads lists them too).</summary>
public enum FeatureBit
{
    TracingData = 1,
    Hostname = 3,
    OsRelease = 4,
    Version = 5,
    Arch = 6,
    NrCpus = 7,
    EventDesc = 12,
}
