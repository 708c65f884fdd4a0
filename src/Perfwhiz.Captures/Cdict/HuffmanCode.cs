namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// A deflate Huffman code (RFC 1951 3.2.2) built from symbol counts: code lengths no longer than a
/// limit, and the canonical codes of those lengths, bit-reversed for deflate's LSB-first bit order.
/// </summary>
internal sealed class HuffmanCode
{
    private HuffmanCode(byte[] lengths, ushort[] codes)
    {
        Lengths = lengths;
        Codes = codes;
    }

    /// <summary>Each symbol's code length in bits; 0 for a symbol never used.</summary>
    public byte[] Lengths { get; }

    /// <summary>Each symbol's code, its first bit lowest, to be written as it is.</summary>
    public ushort[] Codes { get; }

    /// <summary>
    /// The code for <paramref name="counts"/>, lengths at most <paramref name="maxBits"/>. Symbols
    /// counted 0 get no code; at least two symbols must be counted, so that the code is complete
    /// (zlib refuses an incomplete one).
    /// </summary>
    public static HuffmanCode Build(ReadOnlySpan<long> counts, int maxBits)
    {
        var used = 0;
        foreach (var count in counts)
        {
            used += count > 0 ? 1 : 0;
        }

        if (used < 2)
        {
            throw new ArgumentException("a complete code needs at least two symbols", nameof(counts));
        }

        var weights = counts.ToArray();
        var lengths = new byte[counts.Length];
        // A code too deep for the limit is rebuilt from flatter counts, down to equal ones if need be.
        while (!TryLengths(weights, lengths, maxBits))
        {
            for (var symbol = 0; symbol < weights.Length; symbol++)
            {
                weights[symbol] = weights[symbol] > 0 ? (weights[symbol] + 1) / 2 : 0;
            }
        }

        return new HuffmanCode(lengths, CanonicalCodes(lengths, maxBits));
    }

    /// <summary>Huffman's code lengths by the two-queue method; false when one exceeds <paramref name="maxBits"/>.</summary>
    private static bool TryLengths(long[] weights, byte[] lengths, int maxBits)
    {
        var leaves = LeavesByWeight(weights);
        var nodeCount = leaves.Length - 1;
        var nodeWeights = new long[nodeCount];
        // A child is a leaf (its index among the leaves) or a node (~its index).
        var parentOfLeaf = new int[leaves.Length];
        var parentOfNode = new int[nodeCount];
        int nextLeaf = 0, nextNode = 0;
        for (var node = 0; node < nodeCount; node++)
        {
            long weight = 0;
            for (var child = 0; child < 2; child++)
            {
                if (nextLeaf < leaves.Length && (nextNode >= node || weights[leaves[nextLeaf]] <= nodeWeights[nextNode]))
                {
                    weight += weights[leaves[nextLeaf]];
                    parentOfLeaf[nextLeaf++] = node;
                }
                else
                {
                    weight += nodeWeights[nextNode];
                    parentOfNode[nextNode++] = node;
                }
            }

            nodeWeights[node] = weight;
        }

        // Nodes are made in order, each before its parent: depths from the root (the last) down.
        var depthOfNode = new int[nodeCount];
        for (var node = nodeCount - 2; node >= 0; node--)
        {
            depthOfNode[node] = depthOfNode[parentOfNode[node]] + 1;
        }

        Array.Clear(lengths);
        for (var leaf = 0; leaf < leaves.Length; leaf++)
        {
            var depth = depthOfNode[parentOfLeaf[leaf]] + 1;
            if (depth > maxBits)
            {
                return false;
            }

            lengths[leaves[leaf]] = (byte)depth;
        }

        return true;
    }

    /// <summary>
    /// The symbols counted, lightest first, between equal weights the lower symbol first: sorted as
    /// (weight, symbol) pairs in an array, microseconds for a segment's code where a LINQ ordering
    /// took tens (a conversion builds a hundred).
    /// </summary>
    private static int[] LeavesByWeight(long[] weights)
    {
        var pairs = new (long Weight, int Symbol)[weights.Count(weight => weight > 0)];
        var next = 0;
        for (var symbol = 0; symbol < weights.Length; symbol++)
        {
            if (weights[symbol] > 0)
            {
                pairs[next++] = (weights[symbol], symbol);
            }
        }

        Array.Sort(pairs);
        return Array.ConvertAll(pairs, pair => pair.Symbol);
    }

    private static ushort[] CanonicalCodes(byte[] lengths, int maxBits)
    {
        var countOfLength = new int[maxBits + 1];
        foreach (var length in lengths)
        {
            countOfLength[length]++;
        }

        countOfLength[0] = 0;
        var nextCode = new int[maxBits + 1];
        var code = 0;
        for (var bits = 1; bits <= maxBits; bits++)
        {
            code = (code + countOfLength[bits - 1]) << 1;
            nextCode[bits] = code;
        }

        var codes = new ushort[lengths.Length];
        for (var symbol = 0; symbol < lengths.Length; symbol++)
        {
            if (lengths[symbol] is var length and > 0)
            {
                codes[symbol] = Reversed(nextCode[length]++, length);
            }
        }

        return codes;
    }

    private static ushort Reversed(int code, int bits)
    {
        var reversed = 0;
        for (var bit = 0; bit < bits; bit++)
        {
            reversed = (reversed << 1) | ((code >> bit) & 1);
        }

        return (ushort)reversed;
    }
}
