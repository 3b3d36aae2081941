using BenchmarkDotNet.Running;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Diagnosers;

/// <summary>One finished case: its summary, its measured requests, and every request it sent (warmup included).</summary>
/// <param name="HarnessErrorMs">Loopback reference only: median of measured TTFT minus the server's first write.</param>
/// <param name="Engine">What an owned endpoint's metrics showed while the case was measured; null when it shows none.</param>
internal sealed record CaseResult(
    BenchmarkCase Case,
    CaseSummary Summary,
    IReadOnlyList<RequestRecord> Measured,
    IReadOnlyList<RequestRecord> All,
    double? HarnessErrorMs = null,
    EngineFigures? Engine = null)
{
    public CaseParams Params => CaseParams.Of(Case);
}
