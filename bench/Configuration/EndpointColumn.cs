using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SpeedKings.Bench.Configuration;

/// <summary>
/// What each row measured: the model asked for, or for the loopback rows the reference schedule, so a reader never
/// mistakes the harness check for a provider.
/// </summary>
public sealed class EndpointColumn(Func<string, string> describeProvider) : IColumn
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
        => benchmarkCase.Parameters["Provider"] is string provider ? describeProvider(provider) : "";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
