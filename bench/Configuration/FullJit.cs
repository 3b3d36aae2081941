namespace SpeedKings.Bench.Configuration;

/// <summary>
/// Tiered compilation off for every process that measures. .NET first runs a method as quickly jitted tier-0 code
/// and recompiles it optimized only after about 30 calls and a pause, on a background thread; a benchmark process
/// is fresh for each case and sends few requests, so without this its first measured streams ran unoptimized code and
/// shared the cores with the recompiling. Measured here with <c>calibrate --concurrency 256</c> as the only level (a
/// fresh process, as a case is): TTFT error p99 20–43 ms with tiering, 1.3–3.1 ms without. The price is a slower start
/// (everything is compiled optimized once, about a second here), which is outside every measurement.
/// </summary>
internal static class FullJit
{
    public const string Variable = "DOTNET_TieredCompilation";
}
