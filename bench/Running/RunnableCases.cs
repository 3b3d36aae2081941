using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Faults;
using SpeedKings.Bench.Validators;

namespace SpeedKings.Bench.Running;

/// <summary>
/// The cases that will send requests: BenchmarkDotNet's, less those of providers that cannot run and, on
/// <c>--resume</c>, those already finished. When there is none, or one would break the plan, the validators' first
/// sentence is what the user gets instead of a run.
/// </summary>
internal static class RunnableCases
{
    /// <param name="log">Where to say which finished cases a resumed run leaves out; null to stay quiet (planning).</param>
    public static (BenchmarkCase[] Cases, string? Problem) Select(
        BenchmarkCase[] matched, RunContext run, IReadOnlyList<string> filters, IConfig config, bool resume, TextWriter? log)
    {
        BenchmarkCase[] configured = [.. matched.Where(c => run.Target(CaseParams.Of(c).Provider).IsConfigured)];
        string? problem = configured.Length > 0
            ? new PaidCallJobValidator(run).Check(configured, config).FirstOrDefault()?.Message
            : matched.Length > 0
                ? string.Join(" ", new ConfiguredProviderValidator(run).Check(matched).Select(e => e.Message))
                : $"no benchmark matches {string.Join(" ", filters.Select(f => $"'{f}'"))}; providers: {string.Join(", ", run.Targets.Select(t => t.Param))}; prompt sizes: {string.Join(", ", run.Prompts.Select(p => p.Id))}.";
        if (problem is not null || !resume)
            return (configured, problem);

        var unfinished = new List<BenchmarkCase>();
        foreach (BenchmarkCase benchmark in configured)
        {
            if (!ResumedRun.IsFinished(benchmark, run))
                unfinished.Add(benchmark);
            else
                log?.WriteLine($"// Resuming: {benchmark.DisplayInfo} already finished; its records stay in {run.RunFolder}.");
        }

        return ([.. unfinished], null);
    }
}
