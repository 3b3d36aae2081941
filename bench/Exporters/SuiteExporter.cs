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

    protected abstract IEnumerable<string> Export(RunRecord run, string folder, ILogger logger);
}
