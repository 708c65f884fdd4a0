using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Perfwhiz.Perf.Compression;
using Perfwhiz.Perf.Container;
using Perfwhiz.Perf.Records;
using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Perf;

/// <summary>The metadata a pipe-mode capture sends as records instead of header sections.</summary>
public sealed partial class PerfDataReader
{
    // Pipe mode: the attr, then its u64 ids from 8 + attr.size to the end of the record.
    private void ReadHeaderAttr(ReadOnlySpan<byte> record, long offset)
    {
        var reader = new SpanReader(record, metadata.BigEndian, offset, "attribute record");
        reader.Skip(RecordStream.HeaderSize);
        var sizeReader = reader;
        sizeReader.Skip(4);
        var attrSize = (int)sizeReader.ReadUInt32();
        if (attrSize == 0)
        {
            attrSize = 64;
        }

        if (attrSize > reader.Remaining || (reader.Remaining - attrSize) % 8 != 0)
        {
            throw new PerfDataException($"{displayName}: attribute record at offset {offset} has a bad attr size {attrSize}");
        }

        var idsReader = reader;
        idsReader.Skip(attrSize);
        var ids = new ulong[idsReader.Remaining / 8];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = idsReader.ReadUInt64();
        }

        metadata.Attrs.Add(EventAttr.Parse(ref reader, attrSize, ids));
    }

    private void ReadHeaderFeature(ReadOnlySpan<byte> record, long offset)
    {
        var reader = new SpanReader(record, metadata.BigEndian, offset, "feature record");
        reader.Skip(RecordStream.HeaderSize);
        var bit = reader.ReadUInt64();
        if (reader.Remaining > 0 && bit < 256 && FeatureParser.Reads((int)bit))
        {
            FeatureParser.Apply(metadata, (int)bit, record[reader.Position..], reader.FileOffset);
        }
    }

    // header.size is 16 (header + u32 size + padding); the blob follows outside the record.
    private void ReadHeaderTracingData(RecordStream records, ReadOnlySpan<byte> record)
    {
        var reader = new SpanReader(record, metadata.BigEndian, records.Offset - record.Length, "tracing data record");
        reader.Skip(RecordStream.HeaderSize);
        var size = reader.ReadUInt32();
        if (size > 256 << 20)
        {
            throw new PerfDataException($"{displayName}: tracing data of {size} bytes at offset {records.Offset} is not plausible");
        }

        var blobOffset = records.Offset;
        var blob = records.ReadBlob((int)size);
        FeatureParser.ApplyTracingData(metadata, TracingData.Parse(blob, blobOffset));
    }

    // EVENT_UPDATE: u64 type (2 = name), u64 id, then the name.
    private void ReadEventUpdate(ReadOnlySpan<byte> record)
    {
        var reader = new SpanReader(record, metadata.BigEndian, 0, "event update");
        reader.Skip(RecordStream.HeaderSize);
        if (reader.Remaining < 16 || reader.ReadUInt64() != 2)
        {
            return;
        }

        var id = reader.ReadUInt64();
        var name = SpanReader.TextOf(record[reader.Position..]);
        foreach (var attr in metadata.Attrs)
        {
            if (attr.HasId(id))
            {
                attr.Name = name;
            }
        }
    }
}
