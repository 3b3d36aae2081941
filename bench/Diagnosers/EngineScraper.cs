using System.Globalization;

namespace SpeedKings.Bench.Diagnosers;

/// <summary>
/// Scrapes an owned endpoint's Prometheus metrics (vLLM names) from the host while a case's measured iterations run,
/// so the server's side — requests running and waiting, KV-cache use, its own TTFT — stands beside the client's
/// figures. It polls every <see cref="Interval"/> from the host process, never from the benchmark process that
/// measures; an endpoint that does not answer in vLLM's names gives no figures and no error.
/// </summary>
internal sealed class EngineScraper : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Uri _url;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private Sample? _first;
    private Sample? _last;
    private double _runningMax, _waitingMax, _kvCacheMax = double.NaN;
    private int _samples;

    private EngineScraper(Uri url)
    {
        _url = url;
        _polling = Task.Run(PollAsync);
    }

    public static EngineScraper Start(Uri url) => new(url);

    /// <summary>Stops polling (one last scrape) and says what the engine showed; null when it showed nothing in vLLM's names.</summary>
    public EngineFigures? Stop()
    {
        _stop.Cancel();
        try
        {
            _polling.Wait(TimeSpan.FromSeconds(3));
        }
        catch (AggregateException)
        {
            // a scrape that failed is no figure
        }

        if (_samples == 0 || _first is null || _last is null)
            return null;
        double count = _last.TtftCount - _first.TtftCount;
        double? ttftMs = count > 0 ? (_last.TtftSum - _first.TtftSum) / count * 1000 : null;
        return new EngineFigures(_samples, _runningMax, _waitingMax, double.IsNaN(_kvCacheMax) ? null : _kvCacheMax, ttftMs);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (true)
        {
            bool last = _stop.IsCancellationRequested;
            try
            {
                if (Parse(await Http.GetStringAsync(_url, CancellationToken.None)) is { } sample)
                {
                    _first ??= sample;
                    _last = sample;
                    _samples++;
                    _runningMax = Math.Max(_runningMax, sample.Running);
                    _waitingMax = Math.Max(_waitingMax, sample.Waiting);
                    if (sample.KvCache is { } kv)
                        _kvCacheMax = double.IsNaN(_kvCacheMax) ? kv : Math.Max(_kvCacheMax, kv);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not an engine with metrics, or not now
            }

            if (last)
                return;
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // one more scrape, then stop
            }
        }
    }

    /// <summary>The figures of one scrape, summed over label sets; null when it has no vLLM request gauges.</summary>
    internal static Sample? Parse(string exposition)
    {
        double running = 0, waiting = 0, ttftSum = 0, ttftCount = 0;
        double? kv = null;
        bool found = false;
        foreach (string line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            int space = line.LastIndexOf(' ');
            if (space < 0 || !double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                continue;
            int brace = line.IndexOf('{', StringComparison.Ordinal);
            string name = brace >= 0 && brace < space ? line[..brace] : line[..space];
            switch (name)
            {
                case "vllm:num_requests_running": running += value; found = true; break;
                case "vllm:num_requests_waiting": waiting += value; found = true; break;
                case "vllm:time_to_first_token_seconds_sum": ttftSum += value; break;
                case "vllm:time_to_first_token_seconds_count": ttftCount += value; break;
                case "vllm:gpu_cache_usage_perc" or "vllm:kv_cache_usage_perc": kv = Math.Max(kv ?? 0, value); break;
            }
        }

        return found ? new Sample(running, waiting, ttftSum, ttftCount, kv) : null;
    }

    internal sealed record Sample(double Running, double Waiting, double TtftSum, double TtftCount, double? KvCache);
}

/// <summary>What an engine's metrics showed during a case's measured iterations.</summary>
/// <param name="ServerTtftMs">Mean TTFT by the server's own histogram over the case (sum and count deltas); null without one.</param>
internal sealed record EngineFigures(int Samples, double RunningMax, double WaitingMax, double? KvCacheMax, double? ServerTtftMs);
