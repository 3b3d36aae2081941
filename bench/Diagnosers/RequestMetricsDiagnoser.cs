using System.Collections.Concurrent;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Diagnosers;

/// <summary>
/// Carries per-request measurements from each benchmark process into BenchmarkDotNet's metrics. Each case appends
/// one record per request to its record file (named by the run context from the case's params). The host notes the
/// file's length when the measured iterations begin and end, so warmup records stay out of the statistics but are
/// still counted as spend. Before a case's process starts, it is given its provider's key in its own environment.
/// </summary>
/// <param name="keys">Keys the host resolved (environment, .env, user-secrets), by provider id: never in a file.</param>
/// <param name="harnessError">For requests whose server ground truth is known (the loopback reference): what the harness added to TTFT.</param>
internal sealed class RequestMetricsDiagnoser(
    RunContext run,
    IReadOnlyDictionary<string, (string Variable, ApiKey Key)> keys,
    Func<RequestRecord, double?>? harnessError = null) : IDiagnoser
{
    private readonly ConcurrentDictionary<BenchmarkCase, CaseRecordFile> _files = new();

    public IEnumerable<string> Ids => ["SpeedKingsRequestMetrics"];

    public IEnumerable<IExporter> Exporters => [];

    public IEnumerable<IAnalyser> Analysers => [];

    /// <summary>Each finished case with its summary and its requests, measured and all.</summary>
    public IReadOnlyList<CaseResult> Results => _files
        .Where(f => f.Value.Result is not null)
        .Select(f => f.Value.Result!)
        .ToList();

    // No extra run: the records are a by-product of the measured run itself, so no paid call is added.
    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        switch (signal)
        {
            case HostSignal.BeforeProcessStart:
                _files[parameters.BenchmarkCase] = new CaseRecordFile(CaseParams.Of(parameters.BenchmarkCase).RecordFile(run));
                string provider = run.Target(CaseParams.Of(parameters.BenchmarkCase).Provider).Provider.Id;
                if (keys.TryGetValue(provider, out var key))
                    parameters.Process.StartInfo.Environment[key.Variable] = key.Key.Reveal();
                break;
            case HostSignal.BeforeActualRun when _files.TryGetValue(parameters.BenchmarkCase, out var before):
                before.MeasuredFrom = RecordLog.LengthOf(before.Path);
                break;
            case HostSignal.AfterActualRun when _files.TryGetValue(parameters.BenchmarkCase, out var after):
                after.MeasuredTo = RecordLog.LengthOf(after.Path);
                break;
        }
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        if (!_files.TryGetValue(results.BenchmarkCase, out var file))
            return [];

        List<RequestRecord> all = RecordLog.ReadAll(file.Path);
        List<RequestRecord> measured = RecordLog.ReadAll(file.Path, file.MeasuredFrom, file.MeasuredTo ?? long.MaxValue);
        var summary = CaseSummary.From(measured, all);
        var errors = Distribution.Of(measured.Where(r => r.Succeeded).Select(r => harnessError?.Invoke(r) ?? double.NaN));
        file.Result = new CaseResult(results.BenchmarkCase, summary, measured, all, errors.Count == 0 ? null : errors.P50);
        return RequestMetrics.From(file.Result);
    }

    public void DisplayResults(ILogger logger)
    {
        if (!_files.IsEmpty)
            logger.WriteLineInfo($"Per-request records: {run.RunFolder}");
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    private sealed class CaseRecordFile(string path)
    {
        public string Path { get; } = path;
        public long MeasuredFrom { get; set; }
        public long? MeasuredTo { get; set; }
        public CaseResult? Result { get; set; }
    }
}
