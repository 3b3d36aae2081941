using System.Collections.Concurrent;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Diagnostics;

/// <summary>
/// Carries per-request measurements from each benchmark process into BenchmarkDotNet's metrics. Before a case's
/// process starts it gets its own record file (by environment variable); the benchmark appends one record per
/// request as it ends. The host notes the file's length when the measured iterations begin and end, so warmup
/// records stay out of the statistics but are still counted as spend.
/// </summary>
/// <param name="harnessError">For requests whose server ground truth is known (the loopback reference): what the harness added to TTFT.</param>
public sealed class RequestMetricsDiagnoser(string recordsDirectory, Func<RequestRecord, double?>? harnessError = null) : IDiagnoser
{
    /// <summary>Tells a benchmark process where to append its records.</summary>
    public const string RecordFileVariable = "SPEEDKINGS_RECORD_FILE";

    private readonly ConcurrentDictionary<BenchmarkCase, CaseRecordFile> _files = new();

    public IEnumerable<string> Ids => ["SpeedKingsRequestMetrics"];

    public IEnumerable<IExporter> Exporters => [];

    public IEnumerable<IAnalyser> Analysers => [];

    /// <summary>The folder this run's record files go to.</summary>
    public string RecordsDirectory { get; } = recordsDirectory;

    /// <summary>Per-case summaries of this run, for the steps after BenchmarkDotNet (run record, write-ups).</summary>
    public IReadOnlyDictionary<BenchmarkCase, CaseSummary> Summaries => _files
        .Where(f => f.Value.Summary is not null)
        .ToDictionary(f => f.Key, f => f.Value.Summary!);

    /// <summary>Each finished case with its summary and its requests, measured and all.</summary>
    public IReadOnlyList<CaseResult> Results => _files
        .Where(f => f.Value.Summary is not null)
        .Select(f => new CaseResult(f.Key, f.Value.Summary!, f.Value.Measured, f.Value.All))
        .ToList();

    // No extra run: the records are a by-product of the measured run itself, so no paid call is added.
    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        switch (signal)
        {
            case HostSignal.BeforeProcessStart:
                var file = new CaseRecordFile(Path.Combine(RecordsDirectory, FileNameFor(parameters.BenchmarkCase)));
                _files[parameters.BenchmarkCase] = file;
                parameters.Process.StartInfo.Environment[RecordFileVariable] = file.Path;
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
        file.Summary = CaseSummary.From(measured, all);
        file.Measured = measured;
        file.All = all;
        IEnumerable<Metric> metrics = RequestMetrics.From(file.Summary);

        var errors = Distribution.Of(measured.Where(r => r.Succeeded).Select(r => harnessError?.Invoke(r) ?? double.NaN));
        return errors.Count == 0 ? metrics : metrics.Append(new Metric(RequestMetrics.HarnessError, errors.P50));
    }

    public void DisplayResults(ILogger logger)
    {
        if (!_files.IsEmpty)
            logger.WriteLineInfo($"Per-request records: {RecordsDirectory}");
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    public static string FileNameFor(BenchmarkCase benchmarkCase)
    {
        string parameters = string.Join("-", benchmarkCase.Parameters.Items.Select(p => p.Value?.ToString()));
        string name = $"{benchmarkCase.Descriptor.Type.Name}.{benchmarkCase.Descriptor.WorkloadMethod.Name}-{parameters}.jsonl";
        foreach (char invalid in Path.GetInvalidFileNameChars())
            name = name.Replace(invalid, '_');
        return name;
    }

    private sealed class CaseRecordFile(string path)
    {
        public string Path { get; } = path;
        public long MeasuredFrom { get; set; }
        public long? MeasuredTo { get; set; }
        public CaseSummary? Summary { get; set; }
        public IReadOnlyList<RequestRecord> Measured { get; set; } = [];
        public IReadOnlyList<RequestRecord> All { get; set; } = [];
    }
}
