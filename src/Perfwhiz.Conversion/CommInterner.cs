using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Conversion;

/// <summary>
/// Interns the task names batches carry, on the assembly thread. A comm comes as a 16-byte slot,
/// NUL-padded, which tells it from every other as it is: a small direct-mapped cache of slots
/// answers almost every one without finding its end or hashing its bytes again.
/// </summary>
internal sealed class CommInterner
{
    private const int CacheSlotBits = 9;

    private readonly TaskNames names;
    private readonly Vector128<byte>[] cachedComms = new Vector128<byte>[1 << CacheSlotBits];

    // The cached name's index + 1: 0 marks an empty entry.
    private readonly int[] cachedIndexPlusOne = new int[1 << CacheSlotBits];

    public CommInterner(TaskNames names)
    {
        this.names = names;
    }

    /// <summary>A comm of at most 16 bytes, cut at its first NUL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Intern(ref Vector128<byte> comm)
    {
        var words = comm.AsUInt64();
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var entry = (int)((((words.GetElement(0) * Multiplier) ^ words.GetElement(1)) * Multiplier) >> (64 - CacheSlotBits));
        if (cachedIndexPlusOne[entry] != 0 && cachedComms[entry] == comm)
        {
            return cachedIndexPlusOne[entry] - 1;
        }

        var nuls = Vector128.Equals(comm, Vector128<byte>.Zero).ExtractMostSignificantBits();
        var length = nuls == 0 ? Vector128<byte>.Count : BitOperations.TrailingZeroCount(nuls);
        var index = names.InternUtf8(MemoryMarshal.AsBytes(new ReadOnlySpan<Vector128<byte>>(ref comm))[..length]);
        cachedComms[entry] = comm;
        cachedIndexPlusOne[entry] = index + 1;
        return index;
    }

    /// <summary>A name as stored, of any length, cut at its first NUL.</summary>
    public int Intern(ReadOnlySpan<byte> name)
    {
        var end = name.IndexOf((byte)0);
        return names.InternUtf8(end < 0 ? name : name[..end]);
    }
}
