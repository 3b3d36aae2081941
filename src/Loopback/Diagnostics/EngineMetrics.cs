using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SpeedKings.Bench.Loopback.Diagnostics;

/// <summary>
/// The loopback's own view of its load, as an engine exposes it for Prometheus (in vLLM's metric names, so a scraper
/// written for vLLM reads it unchanged): requests running and waiting for a slot, requests finished, and a histogram
/// of time to first token as the server wrote it. Served at <c>GET /metrics</c>.
/// </summary>
internal sealed class EngineMetrics
{
    public const string Route = "/metrics";

    // Upper bounds in seconds, as vLLM buckets its TTFT histogram (a subset).
    private static readonly double[] Bounds = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Lock _gate = new();
    private readonly long[] _buckets = new long[Bounds.Length];
    private int _running;
    private int _waiting;
    private long _finished;
    private long _ttftCount;
    private double _ttftSum;

    public int Running => Volatile.Read(ref _running);

    public int Waiting => Volatile.Read(ref _waiting);

    public void StartedWaiting() => Interlocked.Increment(ref _waiting);

    public void StoppedWaiting() => Interlocked.Decrement(ref _waiting);

    public void StartedRunning() => Interlocked.Increment(ref _running);

    public void StoppedRunning() => Interlocked.Decrement(ref _running);

    /// <summary>A request's ground truth was recorded: count it, and its first token if it wrote one.</summary>
    public void Finished(RequestGroundTruth truth)
    {
        Interlocked.Increment(ref _finished);
        if (truth.TextChunks.Count == 0)
            return;
        double ttft = Stopwatch.GetElapsedTime(truth.ReceivedTimestamp, truth.TextChunks[0].Timestamp).TotalSeconds;
        lock (_gate)
        {
            _ttftCount++;
            _ttftSum += ttft;
            for (int i = 0; i < Bounds.Length; i++)
            {
                if (ttft <= Bounds[i])
                    _buckets[i]++;
            }
        }
    }

    /// <summary>The Prometheus text exposition of the current values.</summary>
    public string Exposition()
    {
        var c = CultureInfo.InvariantCulture;
        const string Labels = "model_name=\"loopback\"";
        var text = new StringBuilder();
        text.AppendLine("# HELP vllm:num_requests_running Requests being served now (holding a slot).");
        text.AppendLine("# TYPE vllm:num_requests_running gauge");
        text.AppendLine(c, $"vllm:num_requests_running{{{Labels}}} {Running}");
        text.AppendLine("# HELP vllm:num_requests_waiting Requests queued for a slot.");
        text.AppendLine("# TYPE vllm:num_requests_waiting gauge");
        text.AppendLine(c, $"vllm:num_requests_waiting{{{Labels}}} {Waiting}");
        text.AppendLine("# HELP vllm:request_success_total Requests the server finished serving.");
        text.AppendLine("# TYPE vllm:request_success_total counter");
        text.AppendLine(c, $"vllm:request_success_total{{{Labels}}} {Interlocked.Read(ref _finished)}");
        text.AppendLine("# HELP vllm:time_to_first_token_seconds Time from arrival to the first token written, in seconds.");
        text.AppendLine("# TYPE vllm:time_to_first_token_seconds histogram");
        lock (_gate)
        {
            for (int i = 0; i < Bounds.Length; i++)
                text.AppendLine(c, $"vllm:time_to_first_token_seconds_bucket{{{Labels},le=\"{Bounds[i]:R}\"}} {_buckets[i]}");
            text.AppendLine(c, $"vllm:time_to_first_token_seconds_bucket{{{Labels},le=\"+Inf\"}} {_ttftCount}");
            text.AppendLine(c, $"vllm:time_to_first_token_seconds_sum{{{Labels}}} {_ttftSum:R}");
            text.AppendLine(c, $"vllm:time_to_first_token_seconds_count{{{Labels}}} {_ttftCount}");
        }

        return text.ToString();
    }
}
