using BenchmarkDotNet.Running;

namespace SpeedKings.Bench.Context;

/// <summary>A case's three params, read from BenchmarkDotNet's case in one place.</summary>
internal readonly record struct CaseParams(string Provider, string Prompt, int Concurrency)
{
    public static CaseParams Of(BenchmarkCase benchmarkCase) => new(
        benchmarkCase.Parameters["Provider"] as string ?? "",
        benchmarkCase.Parameters["Prompt"] as string ?? "",
        benchmarkCase.Parameters["Concurrency"] as int? ?? 1);

    /// <summary>This case's record file in the run.</summary>
    public string RecordFile(RunContext run) => run.RecordFileFor(Provider, Prompt, Concurrency);
}
