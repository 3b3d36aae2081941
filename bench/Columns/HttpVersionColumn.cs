using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Diagnosers;

namespace SpeedKings.Bench.Columns;

/// <summary>The HTTP version the case's measured requests negotiated: the transport is part of what was measured.</summary>
internal sealed class HttpVersionColumn(RequestMetricsDiagnoser diagnoser) : SuiteColumn(
    "SpeedKingsHttpVersion", "HTTP", ColumnCategory.Custom, 999, "HTTP version the measured requests negotiated (the client offers HTTP/1.1 or higher)")
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        => diagnoser.Results.FirstOrDefault(r => r.Case == benchmarkCase) is { Summary.HttpVersions: { Count: > 0 } versions } ? string.Join(", ", versions) : "?";
}
