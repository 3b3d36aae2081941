using System.Globalization;

namespace SpeedKings.Bench.Load;

/// <summary>
/// The rate dimension: <c>--rate 2,4,8</c> requests per second, one case per rate, as the <c>Rate</c> param's values
/// <c>2/s</c>, <c>4/s</c>, <c>8/s</c>. The closed-loop cases — every stream of an iteration sent at once, vLLM's
/// request rate "inf" — carry <see cref="AllAtOnce"/>.
/// </summary>
internal static class RequestRates
{
    /// <summary>The <c>Rate</c> value of a closed-loop case: its streams all leave at once.</summary>
    public const string AllAtOnce = "inf";

    public const double Most = 10_000;

    /// <exception cref="ArgumentException">One sentence naming the option and what it takes.</exception>
    public static IReadOnlyList<double> Parse(string text, string option)
    {
        var rates = new SortedSet<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string number = part.EndsWith("/s", StringComparison.Ordinal) ? part[..^2] : part;
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double rate) || rate is <= 0 or > Most)
                throw new ArgumentException($"{option} takes requests per second above 0 and up to {Most:0}, comma-separated, e.g. 2,4,8 (got '{text}')");
            rates.Add(rate);
        }

        return rates.Count > 0 ? [.. rates] : throw new ArgumentException($"{option} needs at least one rate, e.g. 2,4,8");
    }

    /// <summary>The param value of a rate: <c>8/s</c>, <c>0.5/s</c>.</summary>
    public static string Format(double perSecond) => string.Create(CultureInfo.InvariantCulture, $"{perSecond:0.###}/s");

    /// <summary>Requests per second of a param value; infinity for <see cref="AllAtOnce"/>.</summary>
    public static double PerSecond(string param)
        => param == AllAtOnce || !param.EndsWith("/s", StringComparison.Ordinal)
            ? double.PositiveInfinity
            : double.Parse(param.AsSpan(0, param.Length - 2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
