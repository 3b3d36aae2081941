using BenchmarkDotNet.Reports;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Exporters;

/// <summary>
/// The run record of the summary being exported, built once from the summary's cases and shared by every exporter
/// of the run, so each report shows the same figures, each defined once.
/// </summary>
/// <param name="build">Builds the record of a summary (from the diagnoser's case results, the ledger, the breaker).</param>
internal sealed class RunReport(Func<Summary, RunRecord> build)
{
    private readonly Lock _gate = new();
    private Summary? _summary;
    private RunRecord? _record;

    public RunRecord For(Summary summary)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(summary, _summary))
                (_summary, _record) = (summary, build(summary));
            return _record!;
        }
    }

    /// <summary>Where the suite's reports go: beside BenchmarkDotNet's own.</summary>
    public static string Folder(Summary summary) => summary.ResultsDirectoryPath;
}
