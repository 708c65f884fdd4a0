using Perfwhiz.Perf.Records;

namespace Perfwhiz.Perf.Container;

/// <summary>Receives one whole record cut from a byte stream.</summary>
internal delegate void RecordHandler(RecordType type, ReadOnlySpan<byte> record);
