using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// A column of CPU numbers that a read does not keep (<see cref="CaptureColumns"/>): decoded a
/// block at a time into one small buffer and checked, so that what remains of it is its first
/// value outside <see cref="CdictLimits"/>, if any. Checked row by row, the column then fails at
/// the same row, with the same error, as a kept one.
/// </summary>
internal sealed class UnkeptCpus(string column)
{
    // Small enough to stay in cache, large enough that the blocks' overhead is nothing.
    private const int BlockRows = 16 * 1024;

    private readonly int[] block = new int[BlockRows];
    private int firstOutsideRow = -1;
    private int firstOutside;

    /// <summary>Whether every value read is a CPU number.</summary>
    public bool AreCpus => firstOutsideRow < 0;

    /// <summary>Decodes and checks rows <paramref name="from"/> to <paramref name="to"/> (exclusive).</summary>
    public void Read(ref MessagePackReader reader, int from, int to)
    {
        for (var row = from; row < to;)
        {
            // Positive fixints (0 to 127), the CPU numbers of all but the largest hosts, are a byte a
            // row and CPU numbers as they stand: passed over at memory speed.
            var arrived = reader.Arrived;
            arrived = arrived[..Math.Min(arrived.Length, to - row)];
            var fixints = arrived.IndexOfAnyInRange((byte)0x80, (byte)0xff);
            fixints = fixints < 0 ? arrived.Length : fixints;
            reader.Consume(fixints);
            row += fixints;
            if (row == to)
            {
                break;
            }

            // Any other encoding, or bytes still to arrive: a block decoded and checked.
            var values = block.AsSpan(0, Math.Min(BlockRows, to - row));
            ColumnRuns.ReadInt32s(ref reader, values, column, row);
            if (AreCpus && !CdictLimits.AreCpus(values))
            {
                var outside = values.IndexOfAnyExceptInRange(0, CdictLimits.MaxCpus - 1);
                (firstOutsideRow, firstOutside) = (row + outside, values[outside]);
            }

            row += values.Length;
        }
    }

    /// <summary>The value of <paramref name="row"/> as the limits see it: the first value outside them at its row, a CPU number (0) at any other.</summary>
    public int CheckedValue(int row) => row == firstOutsideRow ? firstOutside : 0;
}
