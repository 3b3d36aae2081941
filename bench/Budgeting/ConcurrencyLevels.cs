using System.Globalization;

namespace SpeedKings.Bench.Budgeting;

/// <summary>
/// The concurrency dimension: <c>--concurrency 1,8,32</c>, one case per level, carried in the run context. Concurrent
/// streams go only to endpoints the user owns (see <see cref="Context.RunTarget.TakesConcurrency"/>).
/// </summary>
internal static class ConcurrencyLevels
{
    public const int Most = 1024;

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
