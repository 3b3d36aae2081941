namespace SpeedKings.Bench.Telemetry;

/// <summary>
/// Where a run's telemetry goes: an OTLP endpoint (<c>--otlp</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>)
/// and a Prometheus endpoint on this machine while the run is live (<c>--prometheus-port</c>). Off unless one is set.
/// </summary>
/// <param name="Otlp">OTLP over HTTP/protobuf: the collector's base address, or its full <c>/v1/metrics</c> URL.</param>
/// <param name="PrometheusPort">A port on 127.0.0.1 serving <c>/metrics</c> until the run ends.</param>
internal sealed record TelemetryOptions(Uri? Otlp, int? PrometheusPort)
{
    public const string OtlpVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public bool IsOn => Otlp is not null || PrometheusPort is not null;

    /// <summary>The metrics URL: a bare collector address gets OTLP's <c>/v1/metrics</c> path, as the OTLP specification names it.</summary>
    public Uri? OtlpMetricsUrl => Otlp is null ? null : Otlp.AbsolutePath is "" or "/" ? new Uri(Otlp, "v1/metrics") : Otlp;

    /// <exception cref="ArgumentException">One sentence naming the option.</exception>
    public static Uri ParseOtlp(string text, string option)
        => Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"{option} takes the http(s) address of an OTLP collector (e.g. http://127.0.0.1:4318), not '{text}'");
}
