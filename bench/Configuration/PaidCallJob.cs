using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace SpeedKings.Bench.Configuration;

/// <summary>
/// The job for slow, paid network calls: no pilot stage and no overhead measurement (Monitoring), one process per
/// case, exactly one request per iteration, a small fixed number of requests. BenchmarkDotNet's default throughput
/// strategy would send dozens of requests per case.
/// </summary>
public static class PaidCallJob
{
    public const int DefaultWarmupCount = 1;
    public const string ColdId = "PaidCallNoWarmup";
    public const int DefaultIterationCount = 5;

    public static Job Create(int warmupCount = DefaultWarmupCount, int iterationCount = DefaultIterationCount)
        => Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(warmupCount)
            .WithIterationCount(iterationCount)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("PaidCall");

    /// <summary>The same job without warmup, for providers whose requests cost too much to throw one away.</summary>
    public static Job CreateCold(int iterationCount) => Create(0, iterationCount).WithId(ColdId);
}
