using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Diagnostics;

namespace SpeedKings.Bench.Faults;

/// <summary>
/// <c>--resume</c>: carries on an interrupted run in its own records folder, skipping the cases whose records are
/// complete (warmup plus measured requests, times the streams). The suite does this itself: BenchmarkDotNet's own
/// resume re-ran finished cases here and then failed on its progress display.
/// </summary>
public sealed class ResumedRun(string runFolder)
{
    public const string Option = "--resume";

    /// <summary>A filter that keeps the cases still to run, and reports the ones it skips.</summary>
    public IFilter UnfinishedOnly(TextWriter log) => new SimpleFilter(benchmark =>
    {
        if (!IsFinished(benchmark))
            return true;
        log.WriteLine($"// Resuming: {benchmark.DisplayInfo} already finished; its records stay in {runFolder}.");
        return false;
    });

    private bool IsFinished(BenchmarkCase benchmark)
    {
        string path = Path.Combine(runFolder, RequestMetricsDiagnoser.FileNameFor(benchmark));
        if (!File.Exists(path))
            return false;
        int streams = benchmark.Parameters["Concurrency"] as int? ?? 1;
        int expected = (benchmark.Job.Run.WarmupCount + benchmark.Job.Run.IterationCount) * streams;
        // Only whole lines count: a line cut by the interruption is not a finished request.
        int complete = File.ReadAllText(path).Count(c => c == '\n');
        return complete >= expected;
    }
}
