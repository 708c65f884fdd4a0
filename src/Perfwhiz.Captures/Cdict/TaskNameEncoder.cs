using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>Encodes each interned task name as a MessagePack str once; rows then copy the bytes.</summary>
internal sealed class TaskNameEncoder
{
    private readonly TaskNames names;
    private byte[]?[] encodedByTask = [];

    public TaskNameEncoder(TaskNames names)
    {
        this.names = names;
    }

    public byte[] Encode(int task)
    {
        if ((uint)task < (uint)encodedByTask.Length && encodedByTask[task] is { } encoded)
        {
            return encoded;
        }

        return EncodeOnce(task);
    }

    private byte[] EncodeOnce(int task)
    {
        var name = names[task];
        if (task >= encodedByTask.Length)
        {
            Array.Resize(ref encodedByTask, names.Count);
        }

        return encodedByTask[task] = MessagePackWriter.EncodeString(name);
    }
}
