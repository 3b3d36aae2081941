using BenchmarkDotNet.Loggers;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Exporters;

/// <summary><c>speedkings-overlay-&lt;utc&gt;.md</c>: the short ranked table per prompt size, for videos and posts.</summary>
internal sealed class OverlayExporter(RunReport report) : SuiteExporter(report)
{
    public override string Name => "SpeedKingsOverlay";

    protected override IEnumerable<string> Export(RunRecord run, string folder, ILogger logger)
    {
        string path = Path.Combine(folder, $"speedkings-overlay-{run.RunId}.md");
        File.WriteAllText(path, OverlayTable.Markdown(run));
        return [path];
    }
}
