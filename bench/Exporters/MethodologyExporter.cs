using BenchmarkDotNet.Loggers;
using SpeedKings.Bench.Providers.Prompts;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Exporters;

/// <summary><c>speedkings-methodology-&lt;utc&gt;.md</c>: the write-up of the run, ready to paste into an article.</summary>
internal sealed class MethodologyExporter(RunReport report, IReadOnlyList<PromptDefinition> workload) : SuiteExporter(report)
{
    public override string Name => "SpeedKingsMethodology";

    protected override IEnumerable<string> Export(RunRecord run, string folder, ILogger logger)
    {
        string path = Path.Combine(folder, $"speedkings-methodology-{run.RunId}.md");
        File.WriteAllText(path, MethodologyWriter.Markdown(run, workload));
        return [path];
    }
}
