using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// One client at one concurrency against one server: <c>Concurrency</c> workers each stream back to back until
/// <c>Streams</c> have run, so that many are always in flight; then every stream is compared with the server's record.
/// </summary>
internal static class CalibrationLevel
{
    private const int WarmBatch = 32;
    private static readonly TimeSpan WarmBatchGap = TimeSpan.FromMilliseconds(10);

    public static async Task<LevelResult> RunAsync(
        ICalibratedClient client, LoopbackProcess server, int tokensPerChunk, int concurrency, int streams, CancellationToken cancellationToken)
    {
        // Unmeasured first: JIT, connection set-up and pool growth are start-up costs, not the client's steady error.
        // Streams start in batches a few milliseconds apart, all still in flight, so each batch opens connections of its
        // own without overflowing the server's accept queue; then one round at full concurrency on the grown pool.
        var warming = new List<Task>(concurrency);
        for (int started = 0; started < concurrency; started += WarmBatch)
        {
            warming.AddRange(Enumerable.Range(0, Math.Min(WarmBatch, concurrency - started)).Select(_ => client.StreamAsync(cancellationToken)));
            await Task.Delay(WarmBatchGap, cancellationToken);
        }

        await Task.WhenAll(warming);
        // The round at full concurrency also says what the streams keep alive, by full collections while they run.
        double liveHeapGrowthMb = await LiveHeapProbe.GrowthMbAsync(
            () => Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => client.StreamAsync(cancellationToken))));

        // Garbage of the warmup and earlier levels must not be collected on this level's time.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var observed = new ClientObservation[streams];
        int next = -1;
        ProcessLoad load;
        using (var sampler = new ProcessSampler())
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
            load = sampler.Stop();
        }

        using HttpClient http = server.CreateHttpClient();
        var comparisons = new List<StreamComparison>(streams);
        int lost = 0;
        foreach (ClientObservation stream in observed)
        {
            ServerGroundTruth? truth = stream.RequestId is { } id ? await ServerGroundTruth.FetchAsync(http, server.BaseAddress, id, cancellationToken) : null;
            if (truth is null)
            {
                lost++;
                continue;
            }

            StreamComparison comparison = StreamComparison.Of(stream, truth);
            comparisons.Add(comparison);
            if (!comparison.Intact)
                lost++;
        }

        return new LevelResult(
            client.Name,
            server.Protocol,
            tokensPerChunk,
            concurrency,
            streams,
            lost,
            Distribution.Of(comparisons.Where(c => c.Intact).Select(c => c.TtftErrorMs)),
            Distribution.Of(observed.Where(o => o?.FirstTokenHandOffMs is not null).Select(o => o.FirstTokenHandOffMs!.Value)),
            Distribution.Of(comparisons.Where(c => c.Intact).SelectMany(c => c.GapErrorsMs).Select(Math.Abs)),
            Distribution.Of(comparisons.Where(c => c.SpeedErrorPercent is not null).Select(c => Math.Abs(c.SpeedErrorPercent!.Value))),
            load,
            liveHeapGrowthMb);

        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < streams)
                observed[index] = await client.StreamAsync(cancellationToken);
        }
    }
}

/// <summary>
/// One level's figures: TTFT error (ms, signed: how late the client saw the first token), the HTTP/2 hand-off after
/// it (ms: how much later the reader got the token than the connection read that brought it, which TTFT leaves out;
/// empty over HTTP/1.1 and for clients that do not stamp the connection), absolute inter-chunk gap error (ms),
/// absolute output-speed error (%), streams lost or mis-attributed, the client process's load, and the live heap the
/// streams held at full concurrency (MB, from full collections in the unmeasured round before the level).
/// </summary>
internal sealed record LevelResult(
    string Client,
    string Protocol,
    int TokensPerChunk,
    int Concurrency,
    int Streams,
    int LostOrMisattributed,
    Distribution TtftErrorMs,
    Distribution HandOffMs,
    Distribution GapErrorMs,
    Distribution SpeedErrorPercent,
    ProcessLoad Load,
    double LiveHeapGrowthMb);
