namespace Perfwhiz.Analyses;

/// <summary>Quickselect: the n-th smallest value of a span in linear time, reordering the span.</summary>
internal static class NthElement
{
    public static long Of(Span<long> values, int n)
    {
        var low = 0;
        var high = values.Length - 1;
        while (low < high)
        {
            var pivot = values[low + ((high - low) / 2)];
            int i = low, j = high;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (n <= j)
            {
                high = j;
            }
            else if (n >= i)
            {
                low = i;
            }
            else
            {
                return values[n];
            }
        }

        return values[n];
    }
}
