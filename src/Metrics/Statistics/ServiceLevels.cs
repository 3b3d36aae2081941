using System.Globalization;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Metrics.Statistics;

/// <summary>
/// Service-level objectives a request must meet to count as good (<c>--slo ttft=500ms,tpot=50ms,e2e=10s</c>, any
/// subset), for goodput. Latencies are judged as the user waited for them: from the intended send time where the
/// request had one, so a late client cannot turn a bad request good. A failed request, or one whose output was invalid
/// (a tool call with broken arguments, a JSON answer off its schema), is never good.
/// </summary>
internal sealed record ServiceLevels(double? TtftMs, double? TpotMs, double? EndToEndMs)
{
    public bool IsMetBy(RequestRecord record)
        => record.Succeeded
           && record.OutputValid != false // a tool call with broken arguments is no good however fast it came
           && Within(record.FirstTokenFromIntendedMs ?? record.FirstTokenMs, TtftMs)
           && Within(record.TimePerOutputTokenMs, TpotMs)
           && Within(record.LastTokenFromIntendedMs ?? record.LastTokenMs, EndToEndMs);

    /// <summary>The objectives as given, e.g. <c>ttft ≤ 500 ms, e2e ≤ 10000 ms</c>.</summary>
    public string Describe()
        => string.Join(", ", new[] { ("ttft", TtftMs), ("tpot", TpotMs), ("e2e", EndToEndMs) }
            .Where(s => s.Item2 is not null)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Item1} ≤ {s.Item2:0.###} ms")));

    /// <exception cref="FormatException">One sentence naming the option, the bad part and what is expected.</exception>
    public static ServiceLevels Parse(string text, string option)
    {
        double? ttft = null, tpot = null, e2e = null;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? part : part[..equals].Trim().ToLowerInvariant();
            double ms = equals < 0 ? double.NaN : Milliseconds(part[(equals + 1)..].Trim());
            if (!(ms > 0) || !double.IsFinite(ms))
                throw new FormatException($"{option} takes objectives like ttft=500ms,tpot=50ms,e2e=10s (got '{part}'): each a positive duration in ms or s");
            switch (key)
            {
                case "ttft" when ttft is null: ttft = ms; break;
                case "tpot" when tpot is null: tpot = ms; break;
                case "e2e" when e2e is null: e2e = ms; break;
                default: throw new FormatException($"{option}: '{key}' is not an objective, or is given twice; use ttft, tpot and e2e, each once");
            }
        }

        return ttft is null && tpot is null && e2e is null
            ? throw new FormatException($"{option} needs at least one objective, e.g. ttft=500ms")
            : new ServiceLevels(ttft, tpot, e2e);
    }

    private static double Milliseconds(string value)
    {
        (string number, double scale) = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : (value, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) ? amount * scale : double.NaN;
    }

    private static bool Within(double? value, double? limit) => limit is null || value <= limit;
}
