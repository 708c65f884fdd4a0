using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Perfwhiz.Captures.Cdict;

/// <summary>Whole columns at a time: a cdict's columns are millions of values, each of which would otherwise pay a call and a buffer check.</summary>
public sealed partial class MessagePackWriter
{
    /// <summary>Writes the encoding each key picks (see <see cref="EncodedValues"/>), a buffer's worth of rows at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void WriteEncoded<TKey>(ReadOnlySpan<TKey> keys, EncodedValues values)
        where TKey : unmanaged, IBinaryInteger<TKey>
    {
        if (values.Slots is not null && buffer.Length >= EncodedValues.SlotBytes)
        {
            WriteSlots(keys, values);
            return;
        }

        var encodings = values.Encodings;
        var firstKey = values.FirstKey;
        while (!keys.IsEmpty)
        {
            var fitting = values.Longest <= buffer.Length ? Fitting(keys.Length, Math.Max(1, values.Longest)) : 0;
            if (fitting == 0)
            {
                // A value longer than what is free: one at a time.
                WriteRaw(encodings[int.CreateTruncating(keys[0]) - firstKey]);
                keys = keys[1..];
                continue;
            }

            foreach (var key in keys[..fitting])
            {
                var encoding = encodings[int.CreateTruncating(key) - firstKey];
                Unsafe.CopyBlockUnaligned(ref buffer[used], ref MemoryMarshal.GetArrayDataReference(encoding), (uint)encoding.Length);
                used += encoding.Length;
            }

            keys = keys[fitting..];
        }
    }

    /// <summary>Writes the encodings of <paramref name="keys"/> from their slots: a whole slot moved for each, then passed by its length.</summary>
    private void WriteSlots<TKey>(ReadOnlySpan<TKey> keys, EncodedValues values)
        where TKey : unmanaged, IBinaryInteger<TKey>
    {
        ref var slots = ref MemoryMarshal.GetArrayDataReference(values.Slots!);
        var lengths = values.Lengths;
        var firstKey = values.FirstKey;
        while (!keys.IsEmpty)
        {
            // Room for a whole slot after each encoding, the last one's included.
            var fitting = Fitting(keys.Length, EncodedValues.SlotBytes);
            ref var start = ref buffer[used];
            var at = 0;
            foreach (var key in keys[..fitting])
            {
                var index = int.CreateTruncating(key) - firstKey;
                var length = lengths[index]; // checks the key
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, at), Unsafe.ReadUnaligned<Vector256<byte>>(ref Unsafe.Add(ref slots, index * EncodedValues.SlotBytes)));
                at += length;
            }

            used += at;
            keys = keys[fitting..];
        }
    }

    /// <summary>
    /// Writes <paramref name="values"/> as <see cref="WriteInt64"/> writes each, in the same
    /// encodings, a buffer's worth at a time: a cdict's integer columns are millions of values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteInt32s(ReadOnlySpan<int> values)
    {
        while (!values.IsEmpty)
        {
            // Each value takes at most 5 bytes.
            var fitting = Fitting(values.Length, 5);

            ref var start = ref buffer[used];
            var at = 0;
            foreach (var value in values[..fitting])
            {
                at += EncodeInt32(ref Unsafe.Add(ref start, at), value);
            }

            used += at;
            values = values[fitting..];
        }
    }

    /// <summary>Writes each of <paramref name="values"/> minus <paramref name="origin"/> as <see cref="WriteInt64"/> does (times from an origin).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteInt64s(ReadOnlySpan<long> values, long origin)
    {
        while (!values.IsEmpty)
        {
            var fitting = Fitting(values.Length, LargestScalar);

            ref var start = ref buffer[used];
            var at = 0;
            foreach (var value in values[..fitting])
            {
                at += EncodeInt64(ref Unsafe.Add(ref start, at), value - origin);
            }

            used += at;
            values = values[fitting..];
        }
    }

    /// <summary>Writes each (value - <paramref name="origin"/>) / <paramref name="divisor"/> as <see cref="WriteDouble"/> does (nanoseconds as microseconds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteDoubles(ReadOnlySpan<long> values, long origin, double divisor)
    {
        while (!values.IsEmpty)
        {
            var fitting = Fitting(values.Length, 9);

            ref var at = ref buffer[used];
            foreach (var value in values[..fitting])
            {
                at = 0xcb;
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 1), BinaryPrimitives.ReverseEndianness(BitConverter.DoubleToInt64Bits((value - origin) / divisor)));
                at = ref Unsafe.Add(ref at, 9);
            }

            used += fitting * 9;
            values = values[fitting..];
        }
    }

    /// <summary>How many of <paramref name="remaining"/> values of at most <paramref name="mostBytes"/> (at most the buffer's size) fit the buffer, flushed first if none would.</summary>
    private int Fitting(int remaining, int mostBytes)
    {
        if (buffer.Length - used < mostBytes)
        {
            Flush();
        }

        return Math.Min(remaining, (buffer.Length - used) / mostBytes);
    }

    /// <summary>Encodes <paramref name="value"/> at <paramref name="at"/> in its smallest encoding (it needs up to 9 bytes there); returns its size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EncodeInt64(ref byte at, long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            return EncodeInt32(ref at, (int)value);
        }

        if (value is > int.MaxValue and <= uint.MaxValue)
        {
            return EncodeUInt32(ref at, (uint)value);
        }

        at = value > 0 ? (byte)0xcf : (byte)0xd3;
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 1), BinaryPrimitives.ReverseEndianness(value));
        return 9;
    }

    // Above int.MaxValue: a uint32.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EncodeUInt32(ref byte at, uint value)
    {
        at = 0xce;
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 1), BinaryPrimitives.ReverseEndianness(value));
        return 5;
    }

    /// <summary>As <see cref="EncodeInt64"/>, for a value that fits 32 bits (up to 5 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EncodeInt32(ref byte at, int value)
    {
        // -32 to 127: a fixint.
        if ((uint)(value + 32) <= 0x7f + 32)
        {
            at = (byte)value;
            return 1;
        }

        if (value > 0)
        {
            if (value <= byte.MaxValue)
            {
                at = 0xcc;
                Unsafe.Add(ref at, 1) = (byte)value;
                return 2;
            }

            if (value <= ushort.MaxValue)
            {
                at = 0xcd;
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 1), BinaryPrimitives.ReverseEndianness((ushort)value));
                return 3;
            }

            at = 0xce;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 1), BinaryPrimitives.ReverseEndianness((uint)value));
            return 5;
        }

        if (value >= sbyte.MinValue)
        {
            at = 0xd0;
            Unsafe.Add(ref at, 1) = (byte)value;
            return 2;
        }

        if (value >= short.MinValue)
        {
            at = 0xd1;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 1), BinaryPrimitives.ReverseEndianness((short)value));
            return 3;
        }

        at = 0xd2;
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 1), BinaryPrimitives.ReverseEndianness(value));
        return 5;
    }
}
