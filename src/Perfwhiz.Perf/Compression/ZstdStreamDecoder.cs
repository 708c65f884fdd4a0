using ZstdSharp.Unsafe;

namespace Perfwhiz.Perf.Compression;

/// <summary>
/// Streaming zstd decompression with ZstdSharp (managed: no native library to install). perf
/// writes one never-ended frame across all COMPRESSED records, so one decoder lives for the whole
/// file and its output is one continuous record stream.
/// </summary>
internal sealed unsafe class ZstdStreamDecoder : IDisposable
{
    private readonly byte[] output = new byte[1 << 17];
    private ZSTD_DCtx_s* stream;

    public ZstdStreamDecoder()
    {
        stream = Methods.ZSTD_createDStream();
        if (stream == null)
        {
            throw new PerfDataException("zstd could not create a decompression stream");
        }

        Methods.ZSTD_initDStream(stream);
    }

    /// <summary>Feeds one compressed payload; every decompressed chunk is handed to <paramref name="onOutput"/>.</summary>
    public void Decompress(ReadOnlySpan<byte> input, long fileOffset, Action<ReadOnlySpan<byte>> onOutput)
    {
        fixed (byte* inputPointer = input)
        fixed (byte* outputPointer = output)
        {
            var inBuffer = new ZSTD_inBuffer_s { src = inputPointer, size = (nuint)input.Length, pos = 0 };
            while (true)
            {
                var outBuffer = new ZSTD_outBuffer_s { dst = outputPointer, size = (nuint)output.Length, pos = 0 };
                var result = Methods.ZSTD_decompressStream(stream, &outBuffer, &inBuffer);
                if (Methods.ZSTD_isError(result))
                {
                    throw new PerfDataException($"compressed record at offset {fileOffset}: zstd says {Methods.ZSTD_getErrorName(result)}");
                }

                if (outBuffer.pos > 0)
                {
                    onOutput(output.AsSpan(0, (int)outBuffer.pos));
                }

                // Done when the input is used up and the decoder has no more output buffered.
                if (inBuffer.pos == inBuffer.size && outBuffer.pos < outBuffer.size)
                {
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        if (stream != null)
        {
            Methods.ZSTD_freeDStream(stream);
            stream = null;
        }
    }
}
