using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Perfwhiz.Conversion;

/// <summary>
/// Records on their way from the reading thread to the assembly thread, with the bytes of the task
/// names they carry (<see cref="PendingEvent.NameFollows"/>): interning them costs the reading
/// thread, the busier one, more than copying them. The assembly thread interns them in the order
/// they were added, the order of the file, so that every name gets the index it always had.
/// </summary>
/// <remarks>
/// A kernel comm fits a 16-byte slot beside its record (TASK_COMM_LEN), copied as one vector;
/// a longer name (a __data_loc string may be any length) goes, after its length, into a buffer
/// made when the first one comes, and a batch whose long names fill it is sent early.
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

    private readonly PendingEvent[] items = new PendingEvent[Capacity];
    private readonly Vector128<byte>[] taskNames = new Vector128<byte>[Capacity];
    private readonly Vector128<byte>[] nextTaskNames = new Vector128<byte>[Capacity];
    private byte[]? longNames;
    private int longNameBytes;
    private int count;

    public bool IsFull => count == Capacity;

    /// <summary>Where the next record may be written in place (a full batch is sent at once, so there is room).</summary>
    public ref PendingEvent Next => ref items[count];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(PendingEvent item) => items[count++] = item;

    /// <summary>
    /// Adds the record in <see cref="Next"/> with the names its <see cref="PendingEvent.Task"/> and
    /// <see cref="PendingEvent.NextTask"/> say follow (a comm as stored: cut at its first NUL when
    /// interned); false, adding nothing, when the names do not fit: send this batch and add it to the next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAddNext(ReadOnlySpan<byte> task, ReadOnlySpan<byte> nextTask)
    {
        if (Math.Max(task.Length, nextTask.Length) > SlotBytes
            && longNameBytes + (2 * LengthBytes) + task.Length + nextTask.Length > LongNameCapacity)
        {
            return false;
        }

        ref var item = ref items[count];
        if (item.Task == PendingEvent.NameFollows)
        {
            Store(task, ref taskNames[count], ref item.Task);
        }

        if (item.NextTask == PendingEvent.NameFollows)
        {
            Store(nextTask, ref nextTaskNames[count], ref item.NextTask);
        }

        count++;
        return true;
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
            slot = Vector128.Create(name);
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
