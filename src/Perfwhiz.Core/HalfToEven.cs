using System.Runtime.CompilerServices;

namespace Perfwhiz;

/// <summary>
/// Math.Round(value), exactly, without its call: adding 2^52 to a magnitude below it leaves no
/// fraction, rounded half to even as the FPU does by default, and taking it away again is exact.
/// Loading a cdict and writing a page round millions of values, and this build may not assume
/// SSE4.1's rounding instruction, so Math.Round is a call per value.
/// </summary>
public static class HalfToEven
{
    // 2^52: from here on every double is an integer.
    private const double IntegersFrom = 4503599627370496.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Round(double value)
    {
        if (!(Math.Abs(value) < IntegersFrom))
        {
            return value;
        }

        // By the sign bit, so that -0.4 becomes -0 as with Math.Round.
        return BitConverter.DoubleToInt64Bits(value) < 0 ? -(-value + IntegersFrom - IntegersFrom) : value + IntegersFrom - IntegersFrom;
    }
}
