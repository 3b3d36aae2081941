using System.Diagnostics;
using System.Globalization;

namespace SpeedKings.Bench.Load;

/// <summary>How requests arrive at a target rate: Poisson (memoryless), gamma (burstier or smoother) or constant.</summary>
internal enum ArrivalKind
{
    Poisson,
    Gamma,
    Constant,
}

/// <summary>
/// An arrival process and the schedules it makes. Each iteration's schedule is drawn from a seed, so a rerun sends on
/// the same schedule, and it is conditioned to span exactly (N − 1) / rate: the gaps are drawn independently and then
/// scaled together. For Poisson arrivals that is a Poisson process conditioned on its first and last arrival — the
/// ones between are uniform, the gaps exponential — so a short iteration hits the target rate exactly instead of
/// missing it by the 1/√N of a free-running process, while the gaps keep their distribution's shape (their coefficient
/// of variation is untouched by a common scale).
/// </summary>
/// <param name="Burstiness">The gamma shape k: gaps have coefficient of variation 1/√k (1 is Poisson, as in vLLM's <c>--burstiness</c>).</param>
internal sealed record ArrivalPattern(ArrivalKind Kind, double Burstiness)
{
    public static readonly ArrivalPattern Poisson = new(ArrivalKind.Poisson, 1);

    /// <summary>The gaps' coefficient of variation this pattern promises.</summary>
    public double ExpectedCv => Kind switch
    {
        ArrivalKind.Constant => 0,
        ArrivalKind.Poisson => 1,
        _ => 1 / Math.Sqrt(Burstiness),
    };

    /// <summary><c>--arrivals</c> and <c>--burstiness</c> together; a burstiness alone means gamma arrivals.</summary>
    /// <exception cref="ArgumentException">One sentence naming the option and what it takes.</exception>
    public static ArrivalPattern From(string? arrivals, double? burstiness)
    {
        ArrivalKind? kind = arrivals?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "poisson" => ArrivalKind.Poisson,
            "gamma" => ArrivalKind.Gamma,
            "constant" => ArrivalKind.Constant,
            _ => throw new ArgumentException($"--arrivals takes poisson, gamma or constant (got '{arrivals}')"),
        };
        if (burstiness is null)
            return kind is null or ArrivalKind.Poisson ? Poisson : new ArrivalPattern(kind.Value, 1);
        if (kind is ArrivalKind.Poisson or ArrivalKind.Constant)
            throw new ArgumentException($"--burstiness shapes gamma arrivals; leave it out with --arrivals {arrivals}, or use --arrivals gamma");
        return new ArrivalPattern(ArrivalKind.Gamma, burstiness.Value);
    }

    /// <summary>The gamma shape of <c>--burstiness</c>: a positive number, below 1 burstier than Poisson, above it smoother.</summary>
    public static double ParseBurstiness(string text)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double k) && k is > 0 and <= 1000 && double.IsFinite(k)
            ? k
            : throw new ArgumentException($"--burstiness must be a number above 0 and at most 1000 (1 is Poisson, 0.5 burstier, 4 smoother), not '{text}'");

    public string Describe() => Kind switch
    {
        ArrivalKind.Poisson => "Poisson arrivals",
        ArrivalKind.Constant => "constant arrivals",
        _ => string.Create(CultureInfo.InvariantCulture, $"gamma arrivals (burstiness {Burstiness:0.###}, gap CV {ExpectedCv:0.###})"),
    };

    /// <summary>
    /// Fills <paramref name="offsets"/> with intended send times in <see cref="Stopwatch"/> ticks after the iteration's
    /// origin: the first 0, the last (N − 1) / <paramref name="perSecond"/> seconds later.
    /// </summary>
    public void Fill(Span<long> offsets, double perSecond, int seed)
    {
        if (offsets.IsEmpty)
            return;
        offsets[0] = 0;
        if (offsets.Length == 1)
            return;

        var random = new Random(seed);
        Span<double> gaps = offsets.Length <= 4096 ? stackalloc double[offsets.Length - 1] : new double[offsets.Length - 1];
        double sum = 0;
        for (int i = 0; i < gaps.Length; i++)
            sum += gaps[i] = Gap(random);

        double span = (offsets.Length - 1) / perSecond * Stopwatch.Frequency;
        double scale = sum > 0 ? span / sum : 0;
        double at = 0;
        for (int i = 0; i < gaps.Length; i++)
        {
            at += gaps[i] * scale;
            offsets[i + 1] = (long)Math.Round(at);
        }
    }

    private double Gap(Random random) => Kind switch
    {
        ArrivalKind.Constant => 1,
        ArrivalKind.Poisson => -Math.Log(1 - random.NextDouble()),
        _ => GammaSample(random, Burstiness),
    };

    /// <summary>A gamma(k, 1) draw by Marsaglia and Tsang's method; below k = 1 through the boost U^(1/k).</summary>
    private static double GammaSample(Random random, double k)
    {
        if (k < 1)
            return GammaSample(random, k + 1) * Math.Pow(1 - random.NextDouble(), 1 / k);

        double d = k - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            double u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
                return d * v;
        }
    }

    private static double Normal(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
