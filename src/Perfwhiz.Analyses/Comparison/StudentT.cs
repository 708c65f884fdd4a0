namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// Quantiles of Student's t distribution, for any (also fractional: Welch's) degrees of freedom:
/// the distribution function from the regularized incomplete beta function (a continued fraction),
/// inverted by bisection. Slow beside a table, but called once per compared row.
/// </summary>
public static class StudentT
{
    /// <summary>The <paramref name="probability"/> quantile (0.5 &lt; p &lt; 1) with <paramref name="degrees"/> degrees of freedom (&gt; 0).</summary>
    public static double Quantile(double probability, double degrees)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(probability, 0.5);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(probability, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(degrees, 0);
        // The upper tail beyond t is I_x(d/2, 1/2) / 2 with x = d / (d + t²): it falls as t grows.
        var tail = 1 - probability;
        var (low, high) = (0.0, 1.0);
        while (UpperTail(high, degrees) > tail)
        {
            (low, high) = (high, high * 2);
        }

        for (var step = 0; step < 100 && high - low > 1e-12 * high; step++)
        {
            var middle = (low + high) / 2;
            if (UpperTail(middle, degrees) > tail)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return (low + high) / 2;
    }

    /// <summary>P(T &gt; t) for t ≥ 0.</summary>
    public static double UpperTail(double t, double degrees) =>
        RegularizedBeta(degrees / (degrees + (t * t)), degrees / 2, 0.5) / 2;

    // I_x(a, b) by the continued fraction (modified Lentz), using the symmetry
    // I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
    private static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x)));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaFraction(x, a, b) / a
            : 1 - (front * BetaFraction(1 - x, b, a) / b);
    }

    private static double BetaFraction(double x, double a, double b)
    {
        const double Tiny = 1e-300;
        var c = 1.0;
        var d = 1 - ((a + b) * x / (a + 1));
        d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
        var result = d;
        for (var m = 1; m <= 300; m++)
        {
            // The even step, then the odd step, of the fraction's terms.
            var even = m * (b - m) * x / ((a + (2 * m) - 1) * (a + (2 * m)));
            d = 1 / NotTiny(1 + (even * d));
            c = NotTiny(1 + (even / c));
            result *= d * c;
            var odd = -(a + m) * (a + b + m) * x / ((a + (2 * m)) * (a + (2 * m) + 1));
            d = 1 / NotTiny(1 + (odd * d));
            c = NotTiny(1 + (odd / c));
            var delta = d * c;
            result *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return result;

        static double NotTiny(double value) => Math.Abs(value) < Tiny ? Tiny : value;
    }

    // Lanczos' approximation (g = 7, nine coefficients): about 15 significant digits for x > 0.
    private static double LogGamma(double x)
    {
        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
