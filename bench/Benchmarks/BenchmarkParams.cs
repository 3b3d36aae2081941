using SpeedKings.Bench.Context;
using SpeedKings.Bench.Load;

namespace SpeedKings.Bench.Benchmarks;

/// <summary>
/// The params' values, from the run context. They are plain strings and ints: BenchmarkDotNet writes such values into
/// the generated program as literals, so a row labelled "cerebras" runs cerebras whatever a child process might list.
/// </summary>
public static class BenchmarkParams
{
    /// <summary>Every target, configured or not: cases of unconfigured ones never run, but a filter can name them.</summary>
    public static IEnumerable<string> Providers() => RunContext.Current.Targets.Select(t => t.Param);

    /// <summary>The tasks of the run's prompts, chat first: a filter naming a task (<c>*Embed*</c>) keeps its cases.</summary>
    public static IEnumerable<string> Tasks() => RunContext.Current.Prompts.Select(p => p.Task.Kind).Distinct().Order().Select(t => t.ToString());

    public static IEnumerable<string> Prompts() => RunContext.Current.Prompts.Select(p => p.Id);

    /// <summary>
    /// Streams per iteration: the run's <c>--concurrency</c> levels (1 unless asked), and with <c>--rate</c> its
    /// <c>--max-concurrency</c>, the most requests in flight at once. A filter keeps each level with its own rates.
    /// </summary>
    public static IEnumerable<int> Concurrency()
    {
        RunContext run = RunContext.Current;
        return run.OpenLoop is { } load ? run.Concurrency.Append(load.MaxConcurrency).Distinct().Order() : run.Concurrency;
    }

    /// <summary>
    /// How requests arrive: <see cref="RequestRates.AllAtOnce"/> for the closed-loop levels, then each <c>--rate</c>
    /// as <c>8/s</c>.
    /// </summary>
    public static IEnumerable<string> Rates()
    {
        RunContext run = RunContext.Current;
        IEnumerable<string> closed = run.Concurrency.Count > 0 ? [RequestRates.AllAtOnce] : [];
        return run.OpenLoop is { } load ? closed.Concat(load.Rates.Select(RequestRates.Format)) : closed;
    }
}
