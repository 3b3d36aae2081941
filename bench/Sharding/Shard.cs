using System.Globalization;
using BenchmarkDotNet.Running;

namespace SpeedKings.Bench.Sharding;

/// <summary>
/// One slice of a run's cases (<c>--shard 2/3</c>): every shard of a run sees the same case list, sorts it the same way
/// and takes every <see cref="Count"/>-th case from its own offset, so N shards run each case exactly once; each may
/// spend <see cref="BudgetOf"/> the total, so together they never spend more than it.
/// </summary>
/// <param name="Index">From 1.</param>
internal sealed record Shard(int Index, int Count)
{
    /// <summary>Kubernetes sets it in each pod of an Indexed Job: the pod's completion index, from 0.</summary>
    public const string JobIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The Job's completions: how many shards there are, stated beside the index the pod gets.</summary>
    public const string CountVariable = "SPEEDKINGS_SHARDS";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Folder and file names: <c>shard2of3</c>.</summary>
    public string Tag => string.Create(CultureInfo.InvariantCulture, $"shard{Index}of{Count}");

    public decimal BudgetOf(decimal totalUsd) => Math.Round(totalUsd / Count, 6, MidpointRounding.ToZero);

    /// <summary>
    /// This shard's cases. The unit is a provider and prompt with all its loads — every concurrency level and rate, so
    /// a sweep's two phases stay on one machine — in ordinal order of provider and prompt, every Count-th from this
    /// shard's offset.
    /// </summary>
    public BenchmarkCase[] Slice(IEnumerable<BenchmarkCase> cases)
    {
        var groups = cases.GroupBy(Unit).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        return [.. groups.Where((_, i) => i % Count == Index - 1).SelectMany(g => g)];
    }

    private static string Unit(BenchmarkCase benchmark)
    {
        var p = Context.CaseParams.Of(benchmark);
        return $"{p.Provider}|{p.Prompt}";
    }

    /// <exception cref="ArgumentException">One sentence naming the option and the form it takes.</exception>
    public static Shard Parse(string text, string option)
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count is >= 1 and <= 1000 && index >= 1 && index <= count)
            return new Shard(index, count);
        throw new ArgumentException($"{option} takes i/N with 1 ≤ i ≤ N ≤ 1000 (e.g. 2/3), not '{text}'");
    }

    /// <summary>
    /// The shard of a pod in a Kubernetes Indexed Job: its completion index (from 0) and the stated count; null outside
    /// one.
    /// </summary>
    /// <exception cref="ArgumentException">The index is set without a count, or either is not a number in range.</exception>
    public static Shard? FromJob(string? index, string? count)
    {
        if (string.IsNullOrEmpty(index))
            return null;
        if (string.IsNullOrEmpty(count))
            throw new ArgumentException($"{JobIndexVariable} is set ({index}) but {CountVariable} is not: set it to the Job's completions so each pod knows how many shards there are");
        return int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int zeroBased)
            ? Parse(string.Create(CultureInfo.InvariantCulture, $"{zeroBased + 1}/{count}"), $"{JobIndexVariable} and {CountVariable}")
            : throw new ArgumentException($"{JobIndexVariable} must be a whole number from 0, not '{index}'");
    }
}
