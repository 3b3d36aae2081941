using BenchmarkDotNet.Running;
using SpeedKings.Bench.Load;

namespace SpeedKings.Bench.Context;

/// <summary>A case's params, read from BenchmarkDotNet's case in one place.</summary>
/// <param name="Concurrency">Streams sent at once (closed loop), or at a rate the most requests in flight at once.</param>
/// <param name="Rate">Arrivals per second as the param shows them (<c>8/s</c>), or <see cref="RequestRates.AllAtOnce"/>.</param>
internal readonly record struct CaseParams(string Provider, string Prompt, int Concurrency, string Rate = RequestRates.AllAtOnce)
{
    public static CaseParams Of(BenchmarkCase benchmarkCase) => new(
        benchmarkCase.Parameters["Provider"] as string ?? "",
        benchmarkCase.Parameters["Prompt"] as string ?? "",
        benchmarkCase.Parameters["Concurrency"] as int? ?? 1,
        benchmarkCase.Parameters["Rate"] as string ?? RequestRates.AllAtOnce);

    /// <summary>Whether requests arrive on a schedule at <see cref="PerSecond"/> rather than all at once.</summary>
    public bool IsOpenLoop => Rate != RequestRates.AllAtOnce;

    public double PerSecond => RequestRates.PerSecond(Rate);

    /// <summary>Requests one iteration sends: every stream once, or the rate's share of an iteration's seconds.</summary>
    public int RequestsPerIteration(RunContext run)
        => IsOpenLoop && run.OpenLoop is { } load ? load.RequestsPerIteration(PerSecond) : Concurrency;

    /// <summary>This case's record file in the run.</summary>
    public string RecordFile(RunContext run) => run.RecordFileFor(this);
}
