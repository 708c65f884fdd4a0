using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Conversion;

/// <summary>
/// Records on their way from the reading thread to the assembly thread, with the bytes of the task
/// names they carry (<see cref="PendingEvent.NameFollows"/>): interning them costs the reading
/// thread, the busier one, more than copying them. The assembly thread interns them in the order
/// they were added, the order of the file, so that every name gets the index it always had.
/// </summary>
internal sealed class PendingBatch
{
    public const int Capacity = 8192;

    /// <summary>Linux's TASK_COMM_LEN: a comm field is this wide, NUL padding and all.</summary>
    private const int TaskCommBytes = 16;

    private const int LengthBytes = sizeof(ushort);

    // Two comms per record; a batch whose names fill this goes early. Any record's names fit an
    // empty batch: a record, and so each of its names, is at most 64 KiB (the header's u16 size).
    private const int NameCapacity = Capacity * 2 * (LengthBytes + TaskCommBytes);

    private readonly PendingEvent[] items = new PendingEvent[Capacity];
    private readonly byte[] names = new byte[NameCapacity];
    private int nameBytes;

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(PendingEvent item) => items[Count++] = item;

    /// <summary>
    /// Adds a record with the names its <see cref="PendingEvent.Task"/> and
    /// <see cref="PendingEvent.NextTask"/> say follow (a comm as stored: cut at its first NUL when
    /// interned); false, adding nothing, when the names do not fit: send this batch and add it to the next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAdd(PendingEvent item, ReadOnlySpan<byte> task, ReadOnlySpan<byte> nextTask)
    {
        if (nameBytes + (2 * LengthBytes) + task.Length + nextTask.Length > names.Length)
        {
            return false;
        }

        if (item.Task == PendingEvent.NameFollows)
        {
            AppendName(task);
        }

        if (item.NextTask == PendingEvent.NameFollows)
        {
            AppendName(nextTask);
        }

        items[Count++] = item;
        return true;
    }

    /// <summary>The records, their names interned (by the one thread that interns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<PendingEvent> InternNames(TaskNames taskNames)
    {
        var records = items.AsSpan(0, Count);
        ReadOnlySpan<byte> unread = names.AsSpan(0, nameBytes);
        foreach (ref var item in records)
        {
            if (item.Task == PendingEvent.NameFollows)
            {
                item.Task = InternName(ref unread, taskNames);
            }

            if (item.NextTask == PendingEvent.NameFollows)
            {
                item.NextTask = InternName(ref unread, taskNames);
            }
        }

        return records;
    }

    public void Clear()
    {
        Count = 0;
        nameBytes = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AppendName(ReadOnlySpan<byte> name)
    {
        var target = names.AsSpan(nameBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)name.Length);
        name.CopyTo(target[LengthBytes..]);
        nameBytes += LengthBytes + name.Length;
    }

    private static int InternName(ref ReadOnlySpan<byte> unread, TaskNames taskNames)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(unread);
        var name = unread.Slice(LengthBytes, length);
        unread = unread[(LengthBytes + length)..];
        var end = name.IndexOf((byte)0);
        return taskNames.InternUtf8(end < 0 ? name : name[..end]);
    }
}
