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
using SpeedKings.Bench.Resuming;

namespace SpeedKings.Bench.Diagnosers;

/// <summary>
/// Carries per-request measurements from each benchmark process into BenchmarkDotNet's metrics. Each case appends
/// one record per request to its record file (named by the run context from the case's params). The host notes the
/// file's length when the measured iterations begin and end, so warmup records stay out of the statistics but are
/// still counted as spend. Before a case's process starts, it is given its provider's key in its own environment.
/// When a case ends, its measurements and that range are kept (<see cref="FinishedCase"/>) for a resumed run.
/// </summary>
/// <param name="keys">Keys the host resolved (environment, .env, user-secrets), by provider id: never in a file.</param>
/// <param name="harnessError">For requests whose server ground truth is known (the loopback reference): what the harness added to TTFT.</param>
/// <param name="finished">Told of each case as it finishes (the run's telemetry), in the host, after its process ended.</param>
internal sealed class RequestMetricsDiagnoser(
    RunContext run,
    IReadOnlyDictionary<string, (string Variable, ApiKey Key)> keys,
    Func<RequestRecord, double?>? harnessError = null,
    Action<CaseResult>? finished = null) : IDiagnoser
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
                if (run.Target(CaseParams.Of(parameters.BenchmarkCase).Provider).EngineMetricsUrl is { } metrics)
                    before.Scraper = EngineScraper.Start(metrics);
                break;
            case HostSignal.AfterActualRun when _files.TryGetValue(parameters.BenchmarkCase, out var after):
                after.MeasuredTo = RecordLog.LengthOf(after.Path);
                after.Engine = after.Scraper?.Stop();
                after.Scraper?.Dispose();
                break;
        }
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        string path = CaseParams.Of(results.BenchmarkCase).RecordFile(run);
        FinishedCase? kept = null;
        if (!_files.TryGetValue(results.BenchmarkCase, out var file))
        {
            // No process ran: a case a resumed run reports from what it kept, the server's ground truth included.
            if ((kept = FinishedCase.Load(path)) is null)
                return [];
            file = _files[results.BenchmarkCase] = new CaseRecordFile(path) { MeasuredFrom = kept.MeasuredFrom, MeasuredTo = kept.MeasuredTo, Engine = kept.Engine };
        }

        List<RequestRecord> all = RecordLog.ReadAll(file.Path);
        List<RequestRecord> measured = RecordLog.ReadAll(file.Path, file.MeasuredFrom, file.MeasuredTo ?? long.MaxValue);
        double measuredSeconds = results.Measurements.Where(m => m.Is(IterationMode.Workload, IterationStage.Actual)).Sum(m => m.Nanoseconds) / 1e9;
        var summary = CaseSummary.From(measured, all, run.Slo, measuredSeconds > 0 ? measuredSeconds : null, ConnectionLog.Load(file.Path));
        double? harnessErrorP50 = kept is not null ? kept.HarnessErrorP50Ms : HarnessErrorP50(measured);
        file.Result = new CaseResult(results.BenchmarkCase, summary, measured, all, harnessErrorP50, file.Engine);
        if (kept is null)
        {
            new FinishedCase(file.MeasuredFrom, file.MeasuredTo, [.. results.Measurements.Select(m => m.ToString())], harnessErrorP50, file.Engine).Save(path);
            finished?.Invoke(file.Result);
        }

        return RequestMetrics.From(file.Result);
    }

    private double? HarnessErrorP50(List<RequestRecord> measured)
    {
        var errors = Distribution.Of(measured.Where(r => r.Succeeded).Select(r => harnessError?.Invoke(r) ?? double.NaN));
        return errors.Count == 0 ? null : errors.P50;
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
        public EngineScraper? Scraper { get; set; }
        public EngineFigures? Engine { get; set; }
        public CaseResult? Result { get; set; }
    }
}
