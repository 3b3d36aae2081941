using BenchmarkDotNet.Running;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Faults;

/// <summary>
/// <c>--resume</c>: carries on an interrupted run in its own records folder, leaving out the cases whose records are
/// complete (warmup plus measured requests, times the streams). The suite does this itself: BenchmarkDotNet's own
/// resume re-ran finished cases here and then failed on its progress display.
/// </summary>
internal static class ResumedRun
{
    /// <summary>The latest run folder under <paramref name="records"/>, or null when there is none to resume.</summary>
    public static string? Latest(string records)
        => Directory.Exists(records) ? Directory.GetDirectories(records).Order(StringComparer.Ordinal).LastOrDefault() : null;

    public static bool IsFinished(BenchmarkCase benchmark, RunContext run)
    {
        CaseParams p = CaseParams.Of(benchmark);
        string path = p.RecordFile(run);
        if (!File.Exists(path))
            return false;
        int expected = (benchmark.Job.Run.WarmupCount + benchmark.Job.Run.IterationCount) * p.Concurrency;
        // Only readable records count: a line torn by the interruption is not a finished request.
        return RecordLog.ReadAll(path).Count >= expected;
    }
}
