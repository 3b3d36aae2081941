using BenchmarkDotNet.Loggers;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Exporters;

/// <summary>Adds the run's medians to the history store that <c>./run.sh history</c> reads.</summary>
internal sealed class HistoryExporter(RunReport report, HistoryStore store) : SuiteExporter(report)
{
    public override string Name => "SpeedKingsHistory";

    protected override IEnumerable<string> Export(RunRecord run, string folder, ILogger logger)
    {
        store.Add(run, RunRecordFile.PathFor(run, folder));
        return [store.Path];
    }
}
