namespace Perfwhiz.Tests.Infrastructure;

/// <summary>
/// One <c>field:</c> line of a tracepoint format: <c>field:&lt;declaration&gt;;\toffset:O;\tsize:S;\tsigned:B;</c>.
/// Only the name, offset and size are trusted (old kernels print <c>[TASK_COMM_LEN]</c> and omit <c>signed:</c>).
/// </summary>
/// <param name="Name">The last identifier of the declaration, without <c>[...]</c>.</param>
/// <param name="Declaration">The declaration as the kernel prints it, e.g. <c>__data_loc char[] comm</c>.</param>
/// <param name="Offset">Byte offset from the payload start.</param>
/// <param name="Size">Byte size in the fixed part of the payload.</param>
public sealed record TracepointField(string Name, string Declaration, int Offset, int Size)
{
    /// <summary>A <c>__data_loc</c> u32: low 16 bits = offset from the payload start, high 16 bits = length with the NUL.</summary>
    public bool IsDataLoc => Declaration.StartsWith("__data_loc ", StringComparison.Ordinal);

    /// <summary>A <c>__rel_loc</c> u32 (kernel 5.18+): like <c>__data_loc</c>, but the offset counts from the end of this field.</summary>
    public bool IsRelLoc => Declaration.StartsWith("__rel_loc ", StringComparison.Ordinal);

    /// <summary>A fixed <c>char name[n]</c> array holding NUL-terminated text.</summary>
    public bool IsCharArray => Declaration.StartsWith("char ", StringComparison.Ordinal) && Declaration.EndsWith(']');
}
