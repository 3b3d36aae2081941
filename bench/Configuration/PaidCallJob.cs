using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Providers.Client;

namespace SpeedKings.Bench.Configuration;

/// <summary>
/// The job for slow, paid network calls: no pilot stage and no overhead measurement (Monitoring), one process per
/// case, exactly one request per iteration, a small fixed number of requests. BenchmarkDotNet's default throughput
/// strategy would send dozens of requests per case.
/// </summary>
internal static class PaidCallJob
{
    public const int DefaultWarmupCount = 1;
    public const int DefaultIterationCount = 5;
    public const string Id = "PaidCall";
    public const string ColdId = "PaidCallNoWarmup";

    /// <summary>Where the job's environment says the run context is; set on the job so the summary shows it.</summary>
    public static Job Create(RunContext run) => Create(run, run.Warmup).WithId(Id);

    /// <summary>The same job without warmup, for cases whose requests cost too much to throw one away.</summary>
    public static Job CreateCold(RunContext run) => Create(run, 0).WithId(ColdId);

    /// <summary>
    /// The job with the suite's environment variables put back beside whatever an option set (BenchmarkDotNet's
    /// <c>--envVars</c> replaces the list); null when they are all there.
    /// </summary>
    public static Job? WithSuiteEnvironment(Job job, RunContext run)
    {
        IReadOnlyList<EnvironmentVariable> current = job.Environment.EnvironmentVariables ?? [];
        EnvironmentVariable[] missing = [.. SuiteVariables(run).Where(v => !current.Any(c => c.Key == v.Key))];
        return missing.Length == 0 ? null : job.WithEnvironmentVariables([.. current, .. missing]).Freeze();
    }

    private static EnvironmentVariable[] SuiteVariables(RunContext run) =>
    [
        new(RunContext.Variable, run.FilePath),              // the one thing a benchmark process is told
        new(SocketTuning.InlineCompletionsVariable, "1"),    // stamp on the socket thread, not after a thread-pool hop
        new(FullJit.Variable, "0"),                          // a fresh process per case: its first requests would run tier-0 code
    ];

    private static Job Create(RunContext run, int warmupCount)
        => Job.Default
            .WithStrategy(RunStrategy.Monitoring)   // no pilot, no overhead stage: every invocation is a request
            .WithLaunchCount(1)                     // one process per case: a second launch would repeat every request
            .WithWarmupCount(warmupCount)           // the plan's count; costly cloud cases get none
            .WithIterationCount(run.Measured)       // the plan's count, after the budget scaled it
            .WithInvocationCount(1)                 // one request (or one batch of concurrent streams) per iteration
            .WithUnrollFactor(1)
            .WithEnvironmentVariables(SuiteVariables(run));
}
