using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using SpeedKings.Bench.Columns;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Diagnosers;
using SpeedKings.Bench.Load;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Validators;

namespace SpeedKings.Bench.Configuration;

/// <summary>The configuration of a provider run, in one chain: every line says why it is there.</summary>
internal static class InferenceConfig
{
    public static ManualConfig Create(RunContext run, RequestMetricsDiagnoser diagnoser, string artifactsPath, IEnumerable<IExporter> exporters)
    {
        ManualConfig config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(PaidCallJob.Create(run))                    // the planned warmup and measured requests, nothing more
            .AddJob(PaidCallJob.CreateCold(run))                // the same without warmup, for costly cloud requests
            .AddFilter(new SimpleFilter(b => WantsJob(run, b))) // …and each case keeps the one its cost wants
            .AddFilter(new SimpleFilter(b => Serves(run, b)))   // each prompt under its own task, where the provider serves it
            .AddFilter(new SimpleFilter(b => IsLoad(run, b)))   // each concurrency with its own rates: levels all at once, the cap at a rate
            .AddFilter(new SimpleFilter(b => Streams(run, b)))  // load and shapes only for endpoints the user owns, unless --allow-paid-load
            .AddDiagnoser(diagnoser)                            // request records → TTFT, tok/s, cost columns
            .AddColumn(new EndpointColumn(run))                 // the model, or the loopback's schedule
            .AddColumn(new SelfCheckColumn(run))                // the harness's own error on every row
            .AddColumn(new NetworkRttColumn(run))               // the network's round trip beside TTFT, remote providers
            .AddColumn(new HttpVersionColumn(diagnoser))        // the transport the requests really used
            .AddValidator(new ConfiguredProviderValidator(run)) // "set GROQ_API_KEY", not a list of every benchmark
            .AddValidator(new PaidCallJobValidator(run))        // nothing the budget did not plan, whatever the spelling
            .AddExporter(JsonExporter.Full)                     // the only BDN report that keeps every iteration
            .AddExporter([.. exporters])                        // run record, methodology, overlay, charts, page, history
            .WithOptions(ConfigOptions.KeepBenchmarkFiles)      // the generated project stays built: the next run builds in 6 s, not 27
            .WithArtifactsPath(artifactsPath);                  // the suite's reports and BDN's side by side
        config.SummaryStyle = config.SummaryStyle.WithMaxParameterColumnWidth(40); // models with long names stay readable
        return config;
    }

    private static bool WantsJob(RunContext run, BenchmarkDotNet.Running.BenchmarkCase benchmark)
    {
        CaseParams p = CaseParams.Of(benchmark);
        bool cold = run.Target(p).SkipsWarmup(run.Prompt(p.Prompt));
        return benchmark.Job.Id != (cold ? PaidCallJob.Id : PaidCallJob.ColdId);
    }

    /// <summary>BenchmarkDotNet crosses every task with every prompt; a prompt names its task, and a provider the tasks it serves.</summary>
    private static bool Serves(RunContext run, BenchmarkDotNet.Running.BenchmarkCase benchmark)
    {
        CaseParams p = CaseParams.Of(benchmark);
        InferenceTask task = run.Prompt(p.Prompt).Task.Kind;
        return benchmark.Parameters["Task"] as string == task.ToString() && run.Target(p.Provider).Serves(task);
    }

    /// <summary>BenchmarkDotNet crosses every concurrency with every rate; only the pairs the run asked for are cases.</summary>
    private static bool IsLoad(RunContext run, BenchmarkDotNet.Running.BenchmarkCase benchmark)
    {
        CaseParams p = CaseParams.Of(benchmark);
        if (!p.IsOpenLoop)
            return run.Concurrency.Contains(p.Concurrency);
        // A sweep's rates are the union of every provider's: each keeps its own.
        return p.Concurrency == run.OpenLoop?.MaxConcurrency
            && (run.SweepRates is not { } swept || (swept.TryGetValue(SweepPlan.Key(p.Provider, p.Prompt), out var rates) && rates.Contains(p.Rate)));
    }

    private static bool Streams(RunContext run, BenchmarkDotNet.Running.BenchmarkCase benchmark)
    {
        CaseParams p = CaseParams.Of(benchmark);
        bool load = p.Concurrency > 1 || p.IsOpenLoop || run.Prompt(p.Prompt).Shape is not null;
        return !load || run.Target(p.Provider).TakesConcurrency || run.AllowPaidLoad;
    }
}
