using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Perfwhiz.Conversion;

/// <summary>
/// Records on their way from the reading thread to the assembly thread, with the bytes of the task
/// names they carry (<see cref="PendingEvent.NameFollows"/>): interning them costs the reading
/// thread, the busier one, more than copying them. The assembly thread interns them in the order
/// they were added, the order of the file, so that every name gets the index it always had.
/// </summary>
/// <remarks>
/// A kernel comm fits a 16-byte slot beside its record (TASK_COMM_LEN); a longer name (a
/// __data_loc string may be any length) goes, after its length, into a buffer made when the first
/// one comes, and a batch whose long names fill it is sent early.
/// Records and comms are written with non-temporal stores, past the reading thread's cache: a
/// batch's memory was last written by the assembly thread, on the other core, and ordinary stores
/// first fetched each line from there. The reading thread stalled on those fetches (two stores took
/// 40% of its sample decoding); streamed, the 68 MB capture's conversion takes 10% less CPU and time.
/// </remarks>
internal sealed class PendingBatch
{
    // 72 KiB of records and names: a batch is written and read while still in a core's cache. Batches
    // of 8192 (590 KiB, over this machine's 512 KiB L2) took 15% more CPU in all (1.15 s against 1.00 s at 478 MB).
    public const int Capacity = 1024;

    private const int SlotBytes = 16;

    private const int LengthBytes = sizeof(ushort);

    // Any record's names fit an empty buffer: a record, and so each name, is at most 64 KiB (its header's u16 size).
    private const int LongNameCapacity = 2 * (LengthBytes + ushort.MaxValue);

    // Pinned: the streamed stores write through pointers.
    private readonly PendingEvent[] items = GC.AllocateArray<PendingEvent>(Capacity, pinned: true);
    private readonly Vector128<byte>[] taskNames = GC.AllocateArray<Vector128<byte>>(Capacity, pinned: true);
    private readonly Vector128<byte>[] nextTaskNames = GC.AllocateArray<Vector128<byte>>(Capacity, pinned: true);
    private byte[]? longNames;
    private int longNameBytes;
    private int count;

    public bool IsFull => count == Capacity;

    /// <summary>
    /// Adds <paramref name="item"/> with the names its <see cref="PendingEvent.Task"/> and
    /// <see cref="PendingEvent.NextTask"/> say follow (a comm as stored: cut at its first NUL when
    /// interned); false, adding nothing, when the names do not fit: send this batch and add it to the next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAdd(ref PendingEvent item, ReadOnlySpan<byte> task, ReadOnlySpan<byte> nextTask)
    {
        if (Math.Max(task.Length, nextTask.Length) > SlotBytes
            && longNameBytes + (2 * LengthBytes) + task.Length + nextTask.Length > LongNameCapacity)
        {
            return false;
        }

        if (item.Task == PendingEvent.NameFollows)
        {
            Store(task, ref taskNames[count], ref item.Task);
        }

        if (item.NextTask == PendingEvent.NameFollows)
        {
            Store(nextTask, ref nextTaskNames[count], ref item.NextTask);
        }

        Stream(ref Unsafe.As<PendingEvent, ulong>(ref item), ref Unsafe.As<PendingEvent, ulong>(ref items[count]), Unsafe.SizeOf<PendingEvent>() / sizeof(ulong));
        count++;
        return true;
    }

    /// <summary>
    /// Makes the streamed stores visible to the thread the batch is handed to: they are weakly
    /// ordered, and the handing over must not pass them.
    /// </summary>
    public static void Publish()
    {
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }

    /// <summary>The records, their names interned (by the one thread that interns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<PendingEvent> InternNames(CommInterner names)
    {
        var records = items.AsSpan(0, count);
        ReadOnlySpan<byte> unreadLongNames = longNames.AsSpan(0, longNameBytes);
        for (var index = 0; index < records.Length; index++)
        {
            ref var item = ref records[index];
            item.Task = Intern(item.Task, ref taskNames[index], ref unreadLongNames, names);
            item.NextTask = Intern(item.NextTask, ref nextTaskNames[index], ref unreadLongNames, names);
        }

        return records;
    }

    public void Clear()
    {
        count = 0;
        longNameBytes = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(ReadOnlySpan<byte> name, ref Vector128<byte> slot, ref int task)
    {
        if (name.Length == SlotBytes)
        {
            Stream(ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ulong>(name)), ref Unsafe.As<Vector128<byte>, ulong>(ref slot), SlotBytes / sizeof(ulong));
        }
        else
        {
            StoreOther(name, ref slot, ref task);
        }
    }

    // Names of a width other than a char[16]'s: COMM records' and __data_loc strings.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StoreOther(ReadOnlySpan<byte> name, ref Vector128<byte> slot, ref int task)
    {
        if (name.Length < SlotBytes)
        {
            // NUL padding cuts the name where it ends, as the NUL of a shorter char array does.
            slot = default;
            name.CopyTo(MemoryMarshal.AsBytes(new Span<Vector128<byte>>(ref slot)));
        }
        else
        {
            task = PendingEvent.LongNameFollows;
            longNames ??= new byte[LongNameCapacity];
            BinaryPrimitives.WriteUInt16LittleEndian(longNames.AsSpan(longNameBytes), (ushort)name.Length);
            name.CopyTo(longNames.AsSpan(longNameBytes + LengthBytes));
            longNameBytes += LengthBytes + name.Length;
        }
    }

    /// <summary>Copies <paramref name="words"/> words to pinned memory past the cache (plain stores where the CPU has no such store).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Stream(ref ulong source, ref ulong destination, int words)
    {
        var target = (ulong*)Unsafe.AsPointer(ref destination);
        for (var word = 0; word < words; word++)
        {
            if (Sse2.X64.IsSupported)
            {
                Sse2.X64.StoreNonTemporal(target + word, Unsafe.Add(ref source, word));
            }
            else
            {
                target[word] = Unsafe.Add(ref source, word);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Intern(int task, ref Vector128<byte> slot, ref ReadOnlySpan<byte> unreadLongNames, CommInterner names)
    {
        if (task == PendingEvent.NameFollows)
        {
            return names.Intern(ref slot);
        }

        if (task == PendingEvent.LongNameFollows)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(unreadLongNames);
            var name = unreadLongNames.Slice(LengthBytes, length);
            unreadLongNames = unreadLongNames[(LengthBytes + length)..];
            return names.Intern(name);
        }

        return task;
    }
}
