using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Context;

namespace SpeedKings.Bench.Columns;

/// <summary>
/// What each row measured: the model asked for, or for the loopback rows the reference schedule, so a reader never
/// mistakes the harness check for a provider.
/// </summary>
internal sealed class EndpointColumn(RunContext run) : IColumn
{
    public string Id => "SpeedKingsEndpoint";
    public string ColumnName => "Model";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Params;
    public int PriorityInCategory => 100;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Model requested; for the loopback reference, the schedule it was told to keep";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        => run.Target(CaseParams.Of(benchmarkCase).Provider).Label;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
