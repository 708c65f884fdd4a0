using System.Runtime.InteropServices;

namespace Perfwhiz;

/// <summary>
/// Asks Linux to back a large column array with transparent huge pages (2 MiB) when it is first
/// touched, where THP is left to programs that ask (the usual "madvise" setting): a million-row
/// column then costs a few page faults instead of thousands, and is freed as fast. Only arrays
/// not yet written benefit (<see cref="Allocate"/>); a refusal changes nothing.
/// </summary>
public static partial class HugePages
{
    private const int MadviseHugePage = 14;
    private const long HugePageBytes = 2 << 20;

    /// <summary>An array whose elements are not cleared (every one is written before it is read), advised huge pages when large.</summary>
    public static T[] Allocate<T>(int length)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length);
        Advise(array);
        return array;
    }

    /// <summary>Advises the whole huge pages inside <paramref name="array"/>; nothing for arrays under two of them or off Linux.</summary>
    public static unsafe void Advise<T>(T[] array)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        var bytes = (long)array.Length * sizeof(T);
        if (bytes < 2 * HugePageBytes || !OperatingSystem.IsLinux())
        {
            return;
        }

        fixed (T* start = array)
        {
            var first = ((long)start + HugePageBytes - 1) & ~(HugePageBytes - 1);
            var end = ((long)start + bytes) & ~(HugePageBytes - 1);
            _ = Madvise((nint)first, (nuint)(end - first), MadviseHugePage);
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
