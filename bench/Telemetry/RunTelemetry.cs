using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Telemetry;

/// <summary>
/// A run's figures as OpenTelemetry metrics, so scheduled runs feed Prometheus, Grafana or any OTLP backend: each
/// request's TTFT, E2E, output speed, tokens and cost, and the run's spend, with provider, model, prompt, load and
/// region attributes. Recorded in the host when a case finishes (from its request records, never from the hot path);
/// exported over OTLP and on a Prometheus endpoint while the run is live, and flushed when it ends. Attributes carry
/// names and figures only: a key can never reach a backend.
/// </summary>
internal sealed class RunTelemetry : IDisposable
{
    public const string MeterName = "SpeedKings.Bench";

    // Exported every few seconds while live: a dashboard follows the run case by case.
    private const int ExportIntervalMs = 5000;

    private readonly Meter _meter = new(MeterName, ThisVersion());
    private readonly MeterProvider _provider;
    private readonly Histogram<double> _ttft;
    private readonly Histogram<double> _endToEnd;
    private readonly Histogram<double> _speed;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly string? _region;
    private readonly string _runId;
    private double _spentUsd;

    private RunTelemetry(TelemetryOptions options, string runId, string? region)
    {
        (_runId, _region) = (runId, region);
        _ttft = _meter.CreateHistogram<double>("speedkings.request.ttft", "ms", "Time to first token of each measured request, from t0");
        _endToEnd = _meter.CreateHistogram<double>("speedkings.request.e2e", "ms", "Time to the last token of each measured request");
        _speed = _meter.CreateHistogram<double>("speedkings.request.output_speed", "{token}/s", "Output tokens per second after the first event, per measured request");
        _requests = _meter.CreateCounter<long>("speedkings.requests", "{request}", "Requests sent, by outcome (ok or the failure's class), warmup included");
        _tokens = _meter.CreateCounter<long>("speedkings.tokens", "{token}", "Tokens billed, by direction (input, cached input, output), warmup included");
        _cost = _meter.CreateCounter<double>("speedkings.cost", "USD", "What the requests cost at the price table's prices, warmup included");
        _meter.CreateObservableGauge("speedkings.run.spent", () => new Measurement<double>(Volatile.Read(ref _spentUsd), new KeyValuePair<string, object?>("run.id", _runId)), "USD", "What the run has spent so far");

        MeterProviderBuilder builder = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("speedkings-bench", serviceVersion: ThisVersion()))
            .AddMeter(MeterName)
            // Fine-grained latency buckets: the default ones stop at 10 s and are coarse below 100 ms.
            .AddView(instrument => instrument.Meter.Name == MeterName && instrument.Unit == "ms"
                ? new ExplicitBucketHistogramConfiguration { Boundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 120000] }
                : null);
        if (options.OtlpMetricsUrl is { } otlp)
        {
            builder.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = otlp;
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = ExportIntervalMs;
            });
        }

        if (options.PrometheusPort is { } port)
            builder.AddPrometheusHttpListener(listener => (listener.Host, listener.Port) = ("127.0.0.1", port));
        _provider = builder.Build();
    }

    /// <summary>Null when telemetry is off: nothing is built and nothing listens.</summary>
    public static RunTelemetry? Start(TelemetryOptions? options, string runId, string? region)
        => options is { IsOn: true } ? new RunTelemetry(options, runId, region) : null;

    /// <summary>A finished case: latency of its measured requests, and the outcome, tokens and cost of every one it sent.</summary>
    public void Record(CaseParams load, IReadOnlyList<RequestRecord> measured, IReadOnlyList<RequestRecord> all)
    {
        foreach (RequestRecord request in measured.Where(r => r.Succeeded))
        {
            TagList tags = Tags(load, request);
            if (request.FirstTokenMs is { } ttft)
                _ttft.Record(ttft, tags);
            if (request.LastTokenMs is { } e2e)
                _endToEnd.Record(e2e, tags);
            if (request.OutputTokensPerSecond is { } speed)
                _speed.Record(speed, tags);
        }

        foreach (RequestRecord request in all.Where(r => r.Failure != FailureKind.Budget))
        {
            TagList tags = Tags(load, request);
            TagList outcome = tags;
            outcome.Add("outcome", request.Failure?.ToString().ToLowerInvariant() ?? "ok");
            _requests.Add(1, outcome);
            if (request.Usage is { } usage)
            {
                _tokens.Add(usage.UncachedInputTokens, With(tags, "direction", "input"));
                _tokens.Add(usage.CachedInputTokens, With(tags, "direction", "cached_input"));
                _tokens.Add(usage.OutputTokens, With(tags, "direction", "output"));
            }

            if (request.CostUsd is { } cost)
                _cost.Add((double)cost, tags);
        }
    }

    /// <summary>The run's spend so far, from its ledger.</summary>
    public void Spent(decimal usd) => Volatile.Write(ref _spentUsd, (double)usd);

    /// <summary>Flushes what is not yet exported and stops the Prometheus endpoint: the run has ended.</summary>
    public void Dispose()
    {
        _provider.ForceFlush(timeoutMilliseconds: 10_000);
        _provider.Dispose();
        _meter.Dispose();
    }

    private TagList Tags(CaseParams load, RequestRecord request)
    {
        var tags = new TagList
        {
            { "provider", request.Provider },
            { "model", request.Model },
            { "prompt", request.Prompt },
            { "load", load.IsOpenLoop ? load.Rate : $"x{load.Concurrency}" },
            { "run.id", _runId },
        };
        if (_region is not null)
            tags.Add("region", _region);
        return tags;
    }

    private static TagList With(TagList tags, string key, string value)
    {
        tags.Add(key, value);
        return tags;
    }

    private static string ThisVersion() => typeof(RunTelemetry).Assembly.GetName().Version?.ToString() ?? "0";
}
