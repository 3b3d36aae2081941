using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Exporters;

/// <summary>An exporter of one of the suite's reports: it writes files from the run record, and nothing to the log.</summary>
internal abstract class SuiteExporter(RunReport report) : IExporter
{
    public abstract string Name { get; }

    public void ExportToLog(Summary summary, ILogger logger)
    {
        // The suite's reports are files; the console already has BenchmarkDotNet's table.
    }

    public IEnumerable<string> ExportToFiles(Summary summary, ILogger consoleLogger)
    {
        // A summary without a case (every case refused or unbuilt) is no run: no empty record, page or history entry.
        if (summary.BenchmarksCases.Length == 0)
            return [];
        string folder = RunReport.Folder(summary);
        Directory.CreateDirectory(folder);
        return Export(report.For(summary), folder, consoleLogger);
    }

    /// <summary>Writes this report of a run record made without a summary (a merge of runs) into <paramref name="folder"/>.</summary>
    public IEnumerable<string> Write(RunRecord run, string folder, ILogger logger)
    {
        Directory.CreateDirectory(folder);
        return Export(run, folder, logger);
    }

    /// <summary>Every report of the suite, in the order they are written: the record first, the history last.</summary>
    public static SuiteExporter[] All(RunReport report, IReadOnlyList<Providers.Prompts.PromptDefinition> workload, HistoryStore history)
        => [new RunRecordExporter(report), new MethodologyExporter(report, workload), new OverlayExporter(report), new ReportPageExporter(report), new HistoryExporter(report, history)];

        protected abstract IEnumerable<string> Export(RunRecord run, string folder, ILogger logger);
}
