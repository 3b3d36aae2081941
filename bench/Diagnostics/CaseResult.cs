using BenchmarkDotNet.Running;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Diagnostics;

/// <summary>One finished case: its summary, its measured requests, and every request it sent (warmup included).</summary>
public sealed record CaseResult(BenchmarkCase Case, CaseSummary Summary, IReadOnlyList<RequestRecord> Measured, IReadOnlyList<RequestRecord> All);
