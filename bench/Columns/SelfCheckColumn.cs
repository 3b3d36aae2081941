using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Calibration;
using SpeedKings.Bench.Context;

namespace SpeedKings.Bench.Columns;

/// <summary>
/// The harness's own TTFT error measured on this machine at the start of the run, on every row of every report
/// format, so no table of provider numbers travels without the error bar of the tool that made it.
/// </summary>
internal sealed class SelfCheckColumn(RunContext run) : IColumn
{
    public string Id => "SpeedKingsSelfCheck";
    public string ColumnName => "Harness TTFT err (ms)";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1000;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"This machine's harness error on time to first token: first-chunk arrival minus the loopback's write, over {HarnessSelfCheck.Streams} streams at the start of the run";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => HarnessSelfCheck.Cell(run.SelfCheck);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
