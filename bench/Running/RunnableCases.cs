using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Resuming;
using SpeedKings.Bench.Validators;

namespace SpeedKings.Bench.Running;

/// <summary>
/// The cases of a run: BenchmarkDotNet's, less those of providers that cannot run, a shard's slice of them, split on <c>--resume</c> into the
/// cases that will send requests and those that finished before the interruption (reported from what they kept).
/// When there is none, or one would break the plan, the validators' first sentence is what the user gets instead.
/// </summary>
internal static class RunnableCases
{
    /// <param name="log">Where to say what a resumed run keeps and what it runs again; null to stay quiet (planning).</param>
    public static (BenchmarkCase[] Send, BenchmarkCase[] Finished, string? Problem) Select(
        BenchmarkCase[] matched, RunContext run, IReadOnlyList<string> filters, IConfig config, bool resume, TextWriter? log)
    {
        BenchmarkCase[] configured = [.. matched.Where(c => run.Target(CaseParams.Of(c).Provider).IsConfigured)];
        string? problem = configured.Length > 0
            ? new PaidCallJobValidator(run).Check(configured, config).FirstOrDefault()?.Message
            : matched.Length > 0
                ? string.Join(" ", new ConfiguredProviderValidator(run).Check(matched).Select(e => e.Message))
                : $"no benchmark matches {string.Join(" ", filters.Select(f => $"'{f}'"))}; providers: {string.Join(", ", run.Targets.Select(t => t.Param))}; prompt sizes: {string.Join(", ", run.Prompts.Select(p => p.Id))}.";
        // A shard takes its slice of what every shard sees alike, and checked alike: the configured cases.
        if (run.Shard is { } shard)
            configured = shard.Slice(configured);
        if (problem is not null || !resume)
            return (configured, [], problem);

        var send = new List<BenchmarkCase>();
        var finished = new List<BenchmarkCase>();
        foreach (BenchmarkCase benchmark in configured)
        {
            if (ResumedRun.IsFinished(benchmark, run))
            {
                finished.Add(benchmark);
                log?.WriteLine($"// Resuming: {ResumedRun.Name(benchmark)} already finished; it is reported from its records in {run.RunFolder}, nothing is sent again.");
            }
            else
            {
                send.Add(benchmark);
                if (log is not null)
                    ResumedRun.DescribeLeftovers(benchmark, run, log);
            }
        }

        return ([.. send], [.. finished], null);
    }
}
