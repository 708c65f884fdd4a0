using System.Buffers.Binary;
using Perfwhiz.Perf.Records;

namespace Perfwhiz.Perf.Container;

/// <summary>
/// Reassembles records from decompressed chunks: perf's zstd output is one continuous record
/// stream whose records straddle the boundaries of COMPRESSED payloads.
/// </summary>
internal sealed class RecordAssembler
{
    private readonly bool bigEndian;
    private byte[] buffer = new byte[1 << 18];
    private int count;

    public RecordAssembler(bool bigEndian)
    {
        this.bigEndian = bigEndian;
    }

    /// <summary>Bytes of an incomplete record waiting for the next chunk.</summary>
    public int Pending => count;

    public void Append(ReadOnlySpan<byte> chunk, RecordHandler onRecord)
    {
        if (count + chunk.Length > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, count + chunk.Length));
        }

        chunk.CopyTo(buffer.AsSpan(count));
        count += chunk.Length;
        var position = 0;
        while (count - position >= RecordStream.HeaderSize)
        {
            var header = buffer.AsSpan(position, RecordStream.HeaderSize);
            var size = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header[6..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
            if (size < RecordStream.HeaderSize)
            {
                throw new PerfDataException($"the compressed data holds a record with an impossible size of {size} bytes");
            }

            if (count - position < size)
            {
                break;
            }

            var type = (RecordType)(bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(header) : BinaryPrimitives.ReadUInt32LittleEndian(header));
            onRecord(type, buffer.AsSpan(position, size));
            position += size;
        }

        buffer.AsSpan(position, count - position).CopyTo(buffer);
        count -= position;
    }
}
