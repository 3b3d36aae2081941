using System.Globalization;

namespace SpeedKings.Bench.Budgeting;

/// <summary>
/// The concurrency dimension: <c>--concurrency 1,8,32</c> in the host, handed to benchmark processes in
/// <c>SPEEDKINGS_CONCURRENCY</c>. Concurrent streams go only to endpoints the user owns (the loopback, local engines,
/// custom endpoints): a burst of parallel requests to a cloud provider is a rate-limit test nobody asked for.
/// </summary>
public static class ConcurrencyLevels
{
    public const string Variable = "SPEEDKINGS_CONCURRENCY";
    public const int Most = 1024;

    /// <summary>The levels the host chose; [1] when none were.</summary>
    public static IReadOnlyList<int> Current
        => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text ? Parse(text, Variable) : [1];

    public static string Format(IReadOnlyList<int> levels) => string.Join(",", levels.Select(l => l.ToString(CultureInfo.InvariantCulture)));

    /// <exception cref="ArgumentException">One sentence naming the option and what it takes.</exception>
    public static IReadOnlyList<int> Parse(string text, string option)
    {
        var levels = new SortedSet<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int level) || level is < 1 or > Most)
                throw new ArgumentException($"{option} takes stream counts from 1 to {Most}, comma-separated, e.g. 1,8,32 (got '{text}')");
            levels.Add(level);
        }

        return levels.Count > 0 ? [.. levels] : throw new ArgumentException($"{option} needs at least one stream count, e.g. 1,8,32");
    }
}
