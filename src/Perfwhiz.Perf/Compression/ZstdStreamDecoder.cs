using System.Runtime.InteropServices;

namespace Perfwhiz.Perf.Compression;

/// <summary>
/// Streaming zstd decompression through the system's libzstd, loaded at run time (no zstd package
/// exists for .NET here). perf writes one never-ended frame across all COMPRESSED records, so one
/// decoder lives for the whole file and its output is one continuous record stream.
/// </summary>
internal sealed unsafe class ZstdStreamDecoder : IDisposable
{
    private static readonly string[] LibraryNames = ["libzstd.so.1", "libzstd.so", "libzstd"];
    private static readonly Lazy<Api?> SharedApi = new(() => Api.TryLoad(LibraryNames));

    private readonly Api api;
    private readonly byte[] output = new byte[1 << 17];
    private nint stream;

    public ZstdStreamDecoder()
        : this(SharedApi.Value)
    {
    }

    /// <summary>Loads libzstd from these names instead of the system's usual ones (tests: a missing library).</summary>
    internal ZstdStreamDecoder(IReadOnlyList<string> libraryNames)
        : this(Api.TryLoad(libraryNames))
    {
    }

    private ZstdStreamDecoder(Api? loaded)
    {
        api = loaded ?? throw new PerfDataException(
            "this capture is compressed (perf record -z) and needs libzstd: install the libzstd1 package (Debian/Ubuntu) or zstd-libs (Fedora/RHEL)");
        stream = api.CreateDStream();
        if (stream == 0)
        {
            throw new PerfDataException("libzstd could not create a decompression stream");
        }

        api.InitDStream(stream);
    }

    /// <summary>Feeds one compressed payload; every decompressed chunk is handed to <paramref name="onOutput"/>.</summary>
    public void Decompress(ReadOnlySpan<byte> input, long fileOffset, Action<ReadOnlySpan<byte>> onOutput)
    {
        fixed (byte* inputPointer = input)
        fixed (byte* outputPointer = output)
        {
            var inBuffer = new Buffer { Data = inputPointer, Size = (nuint)input.Length, Position = 0 };
            while (true)
            {
                var outBuffer = new Buffer { Data = outputPointer, Size = (nuint)output.Length, Position = 0 };
                var result = api.DecompressStream(stream, &outBuffer, &inBuffer);
                if (api.IsError(result) != 0)
                {
                    var reason = Marshal.PtrToStringAnsi(api.GetErrorName(result)) ?? "unknown error";
                    throw new PerfDataException($"compressed record at offset {fileOffset}: zstd says {reason}");
                }

                if (outBuffer.Position > 0)
                {
                    onOutput(output.AsSpan(0, (int)outBuffer.Position));
                }

                // Done when the input is used up and the decoder has no more output buffered.
                if (inBuffer.Position == inBuffer.Size && outBuffer.Position < outBuffer.Size)
                {
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        if (stream != 0)
        {
            api.FreeDStream(stream);
            stream = 0;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Buffer
    {
        public byte* Data;
        public nuint Size;
        public nuint Position;
    }

    private sealed class Api
    {
        public delegate* unmanaged<nint> CreateDStream;
        public delegate* unmanaged<nint, nuint> InitDStream;
        public delegate* unmanaged<nint, Buffer*, Buffer*, nuint> DecompressStream;
        public delegate* unmanaged<nuint, uint> IsError;
        public delegate* unmanaged<nuint, nint> GetErrorName;
        public delegate* unmanaged<nint, nuint> FreeDStream;

        public static Api? TryLoad(IReadOnlyList<string> libraryNames)
        {
            foreach (var name in libraryNames)
            {
                if (NativeLibrary.TryLoad(name, out var library))
                {
                    return new Api
                    {
                        CreateDStream = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "ZSTD_createDStream"),
                        InitDStream = (delegate* unmanaged<nint, nuint>)NativeLibrary.GetExport(library, "ZSTD_initDStream"),
                        DecompressStream = (delegate* unmanaged<nint, Buffer*, Buffer*, nuint>)NativeLibrary.GetExport(library, "ZSTD_decompressStream"),
                        IsError = (delegate* unmanaged<nuint, uint>)NativeLibrary.GetExport(library, "ZSTD_isError"),
                        GetErrorName = (delegate* unmanaged<nuint, nint>)NativeLibrary.GetExport(library, "ZSTD_getErrorName"),
                        FreeDStream = (delegate* unmanaged<nint, nuint>)NativeLibrary.GetExport(library, "ZSTD_freeDStream"),
                    };
                }
            }

            return null;
        }
    }
}
