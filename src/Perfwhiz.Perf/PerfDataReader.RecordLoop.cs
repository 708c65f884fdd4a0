using System.Runtime.CompilerServices;
using Perfwhiz.Perf.Container;
using Perfwhiz.Perf.Records;

namespace Perfwhiz.Perf;

/// <summary>
/// The per-record path. Samples, nearly all of a capture's records, are cut where they lie in the
/// buffered bytes and go straight to their decoder; every other record, and any record the buffer
/// does not hold whole, takes <see cref="RecordStream.TryNext"/>, which refills and reports damage.
/// </summary>
public sealed partial class PerfDataReader
{
    private void ReadRecords(RecordStream records)
    {
        ReadRecordLoop(records);
        if (records.Damage is not null)
        {
            summary.Warnings.Add($"{records.Damage}; records after it are lost");
        }

        if (decompressed is { Pending: > 0 })
        {
            summary.Warnings.Add($"the compressed data ends inside a record ({decompressed.Pending} bytes left over)");
        }

        Decoder(); // a capture with no data records still has its metadata checked and delivered
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadRecordLoop(RecordStream records)
    {
        while (true)
        {
            records.Skip(DecodeBufferedSamples(records.Buffered, records.Offset));
            if (!records.TryNext(out var type, out var record))
            {
                return;
            }

            DecodeRecord(records, type, record);
            if (records.Offset >= nextProgress)
            {
                ReportProgress(records.Offset);
            }
        }
    }

    /// <summary>
    /// Decodes the samples at the start of <paramref name="buffered"/> (file offset
    /// <paramref name="offset"/>) up to the first other or incomplete record; returns the bytes they take.
    /// Its position is a local: the stream's fields are written once per buffer, not per record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int DecodeBufferedSamples(ReadOnlySpan<byte> buffered, long offset)
    {
        // Before the first data record (pipe mode's metadata records), samples take the careful path.
        if (decoder is not { } samples)
        {
            return 0;
        }

        var bigEndian = metadata.BigEndian;
        var position = 0;
        while (buffered.Length - position >= RecordStream.HeaderSize)
        {
            var rest = buffered[position..];
            var size = RecordStream.SizeOf(rest, bigEndian);
            if (size < RecordStream.HeaderSize || size > rest.Length || RecordStream.TypeOf(rest, bigEndian) != RecordType.Sample)
            {
                break;
            }

            samples.DecodeSample(rest[..size], offset + position);
            position += size;
            if (offset + position >= nextProgress)
            {
                ReportProgress(offset + position);
            }
        }

        return position;
    }

    private void DecodeRecord(RecordStream records, RecordType type, ReadOnlySpan<byte> record)
    {
        switch (type)
        {
            case RecordType.HeaderAttr:
                ReadHeaderAttr(record, records.Offset - record.Length);
                break;
            case RecordType.HeaderFeature:
                ReadHeaderFeature(record, records.Offset - record.Length);
                break;
            case RecordType.HeaderTracingData:
                ReadHeaderTracingData(records, record);
                break;
            case RecordType.EventUpdate:
                ReadEventUpdate(record);
                break;
            case RecordType.Compressed or RecordType.Compressed2:
                Decompress(type, record, records.Offset - record.Length);
                break;
            default:
                (decoder ?? Decoder()).Decode(type, record, records.Offset - record.Length);
                break;
        }
    }
}
