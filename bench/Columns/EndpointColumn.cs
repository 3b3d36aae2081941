using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Context;

namespace SpeedKings.Bench.Columns;

/// <summary>
/// What each row measured: the model asked for, or for the loopback rows the reference schedule, so a reader never
/// mistakes the harness check for a provider.
/// </summary>
internal sealed class EndpointColumn(RunContext run) : SuiteColumn(
    "SpeedKingsEndpoint", "Model", ColumnCategory.Params, 100, "Model requested; for the loopback reference, the schedule it was told to keep")
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) => run.Target(CaseParams.Of(benchmarkCase)).Label;
}
