using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Hosting;

namespace SpeedKings.Bench.Columns;

/// <summary>The network's round trip to the case's provider, measured before the run; shown when a remote provider ran.</summary>
internal sealed class NetworkRttColumn(RunContext run) : IColumn
{
    public string Id => "SpeedKingsNetworkRtt";
    public string ColumnName => "Network RTT (ms)";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1001;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Remote providers: median of {NetworkProbe.Connects} TCP connects to the provider's host before the run — the network's round trip, to read beside TTFT (a TTFT holds at least one more)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        => run.NetworkRttMs?.TryGetValue(CaseParams.Of(benchmarkCase).Provider, out double ms) == true
            ? ms.ToString("0.00", CultureInfo.InvariantCulture)
            : "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => run.NetworkRttMs is { Count: > 0 };
}
