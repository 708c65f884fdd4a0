using Microsoft.Win32.SafeHandles;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// A cdict's bytes, held in memory or read from its file where they are needed: a file's two
/// streams are then read by their inflaters as they go, from the start, without the whole file
/// first copied into memory.
/// </summary>
internal abstract class CdictBytes : IDisposable
{
    public abstract int Length { get; }

    /// <summary>Reads the bytes at <paramref name="offset"/> into the whole of <paramref name="destination"/>.</summary>
    public abstract void ReadAt(int offset, Span<byte> destination);

    /// <summary>A read-only stream of the <paramref name="count"/> bytes at <paramref name="offset"/>, and none beyond.</summary>
    public abstract Stream Open(int offset, int count);

    public abstract void Dispose();

    /// <summary>Bytes held in memory.</summary>
    public sealed class InMemory(byte[] data, int length) : CdictBytes
    {
        public override int Length => length;

        public override void ReadAt(int offset, Span<byte> destination) => data.AsSpan(offset, destination.Length).CopyTo(destination);

        public override Stream Open(int offset, int count) => new MemoryStream(data, offset, count, writable: false);

        public override void Dispose()
        {
            // Nothing to release: the caller owns the array.
        }
    }

    /// <summary>Bytes read from a file, by position, so that each stream reads on its own thread.</summary>
    public sealed class InFile : CdictBytes
    {
        // Large reads: a few syscalls a megabyte, and the buffer stays in cache.
        private const int ReadSize = 256 * 1024;

        private readonly SafeFileHandle handle;
        private readonly string path;

        public InFile(SafeFileHandle handle, string path)
        {
            this.handle = handle;
            this.path = path;
            var length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength)
            {
                handle.Dispose();
                throw new CdictFormatException($"{path}: {length} bytes is too large for a cdict");
            }

            Length = (int)length;
        }

        public override int Length { get; }

        public override void ReadAt(int offset, Span<byte> destination)
        {
            var read = 0;
            while (read < destination.Length)
            {
                var count = Read(destination[read..], offset + read);
                if (count == 0)
                {
                    throw new PerfwhizException($"cannot read {path}: it got shorter while being read");
                }

                read += count;
            }
        }

        public override Stream Open(int offset, int count) => new BufferedStream(new Range(this, offset, count), ReadSize);

        public override void Dispose() => handle.Dispose();

        private int Read(Span<byte> destination, long offset)
        {
            try
            {
                return RandomAccess.Read(handle, destination, offset);
            }
            catch (IOException e)
            {
                throw new PerfwhizException($"cannot read {path}: {e.Message}", e);
            }
        }

        /// <summary>The bytes of one stream of the file.</summary>
        private sealed class Range(InFile file, int start, int length) : Stream
        {
            private int position;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => length;

            public override long Position
            {
                get => position;
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

            public override int Read(Span<byte> buffer)
            {
                var read = file.Read(buffer[..Math.Min(buffer.Length, length - position)], start + position);
                position += read;
                return read;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
