using BenchmarkDotNet.Loggers;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Exporters;

/// <summary><c>speedkings-run-&lt;utc&gt;.json</c>: everything needed to reproduce and judge the run.</summary>
internal sealed class RunRecordExporter(RunReport report) : SuiteExporter(report)
{
    public override string Name => "SpeedKingsRunRecord";

    protected override IEnumerable<string> Export(RunRecord run, string folder, ILogger logger) => [RunRecordFile.Save(run, folder)];
}
