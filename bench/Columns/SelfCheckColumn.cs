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
internal sealed class SelfCheckColumn(RunContext run) : SuiteColumn(
    "SpeedKingsSelfCheck", "Harness TTFT err (ms)", ColumnCategory.Custom, 1000,
    $"This machine's harness error on time to first token: first-chunk arrival minus the loopback's write, over {HarnessSelfCheck.Streams} streams at the start of the run")
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) => HarnessSelfCheck.Cell(run.SelfCheck);
}
