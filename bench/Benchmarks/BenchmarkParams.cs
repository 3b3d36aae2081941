using SpeedKings.Bench.Context;

namespace SpeedKings.Bench.Benchmarks;

/// <summary>
/// The params' values, from the run context. They are plain strings and ints: BenchmarkDotNet writes such values into
/// the generated program as literals, so a row labelled "cerebras" runs cerebras whatever a child process might list.
/// </summary>
public static class BenchmarkParams
{
    /// <summary>Every target, configured or not: cases of unconfigured ones never run, but a filter can name them.</summary>
    public static IEnumerable<string> Providers() => RunContext.Current.Targets.Select(t => t.Param);

    public static IEnumerable<string> Prompts() => RunContext.Current.Prompts.Select(p => p.Id);

    /// <summary>Streams per iteration: the run's <c>--concurrency</c> levels (1 unless asked).</summary>
    public static IEnumerable<int> Concurrency() => RunContext.Current.Concurrency;
}
