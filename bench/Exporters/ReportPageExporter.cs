using BenchmarkDotNet.Loggers;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Exporters;

/// <summary>
/// The run's charts (PNG and SVG) and <c>speedkings-report-&lt;utc&gt;.html</c>, the page that shows them with the tables
/// and the caveats. One exporter, because the page shows what was drawn: a machine that cannot draw charts still
/// gets the page and every table.
/// </summary>
internal sealed class ReportPageExporter(RunReport report) : SuiteExporter(report)
{
    public override string Name => "SpeedKingsReportPage";

    protected override IEnumerable<string> Export(RunRecord run, string folder, ILogger logger)
    {
        IReadOnlyList<string> charts;
        try
        {
            charts = RunCharts.Save(run, folder);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TypeInitializationException or DllNotFoundException)
        {
            // The native graphics pieces are missing here: the run's results are never lost to a chart.
            logger.WriteLineInfo($"// Charts could not be drawn here ({e.GetType().Name}: {e.Message.Split('\n')[0]}); the tables are complete.");
            charts = [];
        }

        string page = RunPage.Save(run, charts, MethodologyWriter.Caveats(run), folder);
        return [.. charts.SelectMany(chart => new[] { chart + ".png", chart + ".svg" }).Select(f => Path.Combine(folder, f)), page];
    }
}
