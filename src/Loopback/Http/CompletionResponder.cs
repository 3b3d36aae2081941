using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Emission;
using SpeedKings.Bench.Loopback.Timing;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// Serves one parsed completion request on its schedule, in whichever wire format <see cref="ICompletionFraming"/>
/// frames, and records the ground truth. Timestamps are taken immediately before bytes are handed to Kestrel's pipe,
/// so a client on this machine can never see them arrive earlier. Each chunk's frame is built before its deadline,
/// so at the deadline only a copy and a flush remain.
/// </summary>
internal sealed class CompletionResponder(ServerContext server)
{
    public async Task RespondAsync(
        HttpContext http, RequestIdentity identity, EmissionSchedule schedule, CompletionRequest request, ICompletionFraming framing)
    {
        OutputLength length = OutputLength.Resolve(schedule.OutputTokens, request.MaxTokens);
        var plan = new EmissionPlan(schedule, identity.ReceivedTimestamp, length.Tokens, identity.Sequence);
        var outcome = new CompletionOutcome(request.PromptTokens, length.Tokens, length.CutByMaxTokens, request.IncludeUsage);
        var truth = new RequestGroundTruth
        {
            RequestId = identity.RequestId,
            ReceivedTimestamp = identity.ReceivedTimestamp,
            PromptTokens = request.PromptTokens,
            OutputTokens = length.Tokens,
            Streamed = request.Stream,
            Schedule = schedule,
        };

        // Client gone or server stopping: either way the stream stops now, not at its next deadline.
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, server.Stopping);
        using var waiter = new PacedWaiter(server.Pacer, lifetime.Token);
        if (request.Stream)
            await StreamAsync(http, plan, framing, outcome, truth, waiter, lifetime.Token);
        else
            await RespondWholeAsync(http, plan, framing, outcome, truth, waiter, lifetime.Token);
    }

    private async Task StreamAsync(
        HttpContext http,
        EmissionPlan plan,
        ICompletionFraming framing,
        CompletionOutcome outcome,
        RequestGroundTruth truth,
        PacedWaiter waiter,
        CancellationToken cancellation)
    {
        HttpResponse response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = framing.StreamContentType;
        response.Headers.CacheControl = "no-cache";
        PipeWriter body = response.BodyWriter;

        var chunks = new List<ChunkWrite>(Math.Min(plan.ChunkCount, 1024));
        long headersFlushed = 0;
        bool completed = false;
        byte[] text = ArrayPool<byte>.Shared.Rent(plan.LargestChunkBytes);
        using var frame = new PooledBufferWriter(plan.LargestChunkBytes + 512);
        try
        {
            // Headers and the text-free opening go out at once, as real providers do: TTFB is not TTFT.
            framing.WriteStreamOpening(body);
            headersFlushed = Stopwatch.GetTimestamp();
            if (!await FlushedAsync(body, cancellation))
                return;

            while (plan.TryNext(text, out PlannedChunk planned))
            {
                frame.Clear();
                framing.WriteStreamText(frame, text.AsSpan(0, planned.TextLength));
                await waiter.WaitUntilAsync(planned.Deadline);

                long written = Stopwatch.GetTimestamp();
                body.Write(frame.WrittenSpan);
                chunks.Add(new ChunkWrite(written, planned.Tokens, planned.TextLength));
                if (!await FlushedAsync(body, cancellation))
                    return;
            }

            framing.WriteStreamClosing(body, outcome);
            // Recorded before the last flush: a client that reads the end marker and asks for the ground truth at once
            // must find it. Re-recorded as not completed below if that flush fails.
            server.GroundTruth.Record(truth with { HeadersFlushedTimestamp = headersFlushed, TextChunks = chunks, Completed = true });
            completed = await FlushedAsync(body, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Server stopping (or client gone): reset the connection so the client sees a failure, not a short answer.
            http.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
            if (!completed)
                server.GroundTruth.Record(truth with { HeadersFlushedTimestamp = headersFlushed, TextChunks = chunks, Completed = false });
        }
    }

    private async Task RespondWholeAsync(
        HttpContext http,
        EmissionPlan plan,
        ICompletionFraming framing,
        CompletionOutcome outcome,
        RequestGroundTruth truth,
        PacedWaiter waiter,
        CancellationToken cancellation)
    {
        // The whole text and body are built up front; the body goes out when the schedule's last chunk would have.
        using var text = new PooledBufferWriter(plan.TotalTokens * TokenVocabulary.LongestWordBytes);
        long deadline = truth.ReceivedTimestamp;
        while (plan.TryNext(text.GetSpan(plan.LargestChunkBytes), out PlannedChunk planned))
        {
            text.Advance(planned.TextLength);
            deadline = planned.Deadline;
        }

        using var body = new PooledBufferWriter(text.WrittenCount + 512);
        framing.WriteWholeResponse(body, text.WrittenSpan, outcome);

        HttpResponse response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = body.WrittenCount;

        bool completed = false;
        long written = 0;
        try
        {
            await waiter.WaitUntilAsync(deadline);
            written = Stopwatch.GetTimestamp();
            response.BodyWriter.Write(body.WrittenSpan);
            server.GroundTruth.Record(truth with
            {
                HeadersFlushedTimestamp = written,
                TextChunks = [new ChunkWrite(written, plan.TotalTokens, text.WrittenCount)],
                Completed = true,
            });
            completed = await FlushedAsync(response.BodyWriter, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            http.Abort();
        }
        finally
        {
            if (!completed)
            {
                ChunkWrite[] chunks = written == 0 ? [] : [new ChunkWrite(written, plan.TotalTokens, text.WrittenCount)];
                server.GroundTruth.Record(truth with { HeadersFlushedTimestamp = written, TextChunks = chunks, Completed = false });
            }
        }
    }

    /// <summary>
    /// Flushes; false when the pipe reports the client gone. Kestrel often reports a disconnect only through
    /// RequestAborted, hence the token check, which throws so the caller's abort path runs.
    /// </summary>
    private static async ValueTask<bool> FlushedAsync(PipeWriter body, CancellationToken cancellation)
    {
        FlushResult result = await body.FlushAsync(cancellation);
        cancellation.ThrowIfCancellationRequested();
        return !result.IsCompleted && !result.IsCanceled;
    }
}
