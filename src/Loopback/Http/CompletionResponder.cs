using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Emission;
using SpeedKings.Bench.Loopback.Faults;
using SpeedKings.Bench.Loopback.Tasks;
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
    // A waiting comment due closer than this to the first token is skipped: it must never delay the token's write.
    private static readonly long CommentGuard = Stopwatch.Frequency / 1000;

    public async Task RespondAsync(
        HttpContext http, RequestIdentity identity, EmissionSchedule schedule, CompletionRequest request, IWireFormat format, LoopbackFault? fault = null)
    {
        // A saturated engine: wait for a slot first; the schedule then runs from the moment one was free.
        SemaphoreSlim? slots = server.Slots;
        long asked = 0;
        if (slots is not null)
        {
            asked = Stopwatch.GetTimestamp();
            server.Metrics.StartedWaiting();
            try
            {
                using var queued = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, server.Stopping);
                await slots.WaitAsync(queued.Token);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up while queued, or the server is stopping
            }
            finally
            {
                server.Metrics.StoppedWaiting();
            }
        }

        server.Metrics.StartedRunning();

        try
        {
            long served = slots is null ? 0 : Stopwatch.GetTimestamp();
            await ServeAsync(http, identity, schedule, request, format, fault, served, slots is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(asked, served));
        }
        finally
        {
            server.Metrics.StoppedRunning();
            slots?.Release();
        }
    }

    /// <param name="slotTimestamp">When the request took its slot; 0 without a capacity.</param>
    /// <param name="queueWait">How long the request waited for its slot: its deadlines move by as much.</param>
    private async Task ServeAsync(
        HttpContext http, RequestIdentity identity, EmissionSchedule schedule, CompletionRequest request, IWireFormat format, LoopbackFault? fault,
        long slotTimestamp, TimeSpan queueWait)
    {
        // A tool call or a JSON answer sends an instance of the request's schema instead of words, and never reasons.
        bool violates = request.Output is not null && schedule.InvalidEvery > 0 && identity.Sequence % schedule.InvalidEvery == 0;
        byte[] payload = request.Output is { } output ? SchemaInstance.Write(output.Schema, schedule.Seed + identity.Sequence, violates) : [];
        OutputLength length = payload.Length > 0
            ? OutputLength.Resolve(EmissionPlan.PayloadTokens(payload.Length), request.MaxTokens)
            : OutputLength.Resolve(schedule.OutputTokens, request.MaxTokens);
        if (payload.Length > 0)
            payload = payload[..Math.Min(payload.Length, length.Tokens * EmissionPlan.PayloadBytesPerToken)];
        int reasoningTokens = payload.Length > 0 ? 0 : Math.Min(schedule.ReasoningTokens, length.Tokens);
        int cached = server.PrefixCache.Serve(request.CacheablePrompt.Span, request.PromptTokens);
        TimeSpan prefill = schedule.PrefillTime(request.PromptTokens - cached);
        var shape = new ResponseShape(
            identity.RequestId, request.Model, request.PromptTokens, length.Tokens, reasoningTokens, length.CutByMaxTokens, request.IncludeUsage, cached,
            request.Output?.ToolName);
        ICompletionFraming framing = format.CreateFraming(shape);
        // A format that sends a tool call whole (Gemini's functionCall) sends it as one chunk, when the schedule has it all.
        EmissionSchedule paced = shape.ToolName is not null && !framing.StreamsToolArguments ? schedule with { TokensPerChunk = length.Tokens } : schedule;
        using var plan = new EmissionPlan(paced, identity.ReceivedTimestamp, length.Tokens, identity.Sequence, reasoningTokens, queueWait + request.ModelLoad + prefill, payload, server.Decode);
        var truth = new RequestGroundTruth
        {
            RequestId = identity.RequestId,
            ConnectionId = http.Connection.Id,
            ReceivedTimestamp = identity.ReceivedTimestamp,
            PromptTokens = request.PromptTokens,
            CachedPromptTokens = cached,
            OutputTokens = length.Tokens,
            ReasoningTokens = reasoningTokens,
            Streamed = request.Stream,
            Model = request.Model,
            PromptHash = request.PromptHash,
            RequestedMaxTokens = request.MaxTokens,
            Schedule = schedule,
            Profile = format.Profile,
            ModelLoad = request.ModelLoad,
            Prefill = prefill,
            QueueWait = queueWait,
            SlotTimestamp = slotTimestamp,
            Images = request.Images,
            ImageTokens = request.ImageTokens,
            ToolName = request.Output?.ToolName,
            StructuredOutput = payload.Length > 0 ? System.Text.Encoding.ASCII.GetString(payload) : null,
            ViolatesSchema = violates,
        };

        // Client gone or server stopping: either way the stream stops now, not at its next deadline.
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, server.Stopping);
        using var waiter = new PacedWaiter(server.Pacer, lifetime.Token);
        if (request.Stream)
            await StreamAsync(http, plan, framing, truth, waiter, fault is { IsMidStream: true } ? fault : null, lifetime.Token);
        else
            await RespondWholeAsync(http, plan, framing, truth, waiter, lifetime.Token);
    }

    private async Task StreamAsync(
        HttpContext http,
        EmissionPlan plan,
        ICompletionFraming framing,
        RequestGroundTruth truth,
        PacedWaiter waiter,
        LoopbackFault? fault,
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
            // Headers and the text-free opening go out at once, as real providers do: TTFB is not TTFT. A format that
            // sends comments while queued sends the first one here, so there is at least one whatever the TTFT.
            framing.WriteStreamOpening(body);
            if (fault?.LongLine == true)
                FaultFrames.WriteLongLine(body, framing);
            long commentTicks = (long)(framing.WaitingCommentInterval.TotalSeconds * Stopwatch.Frequency);
            if (commentTicks > 0)
                framing.WriteWaitingComment(body);
            headersFlushed = Stopwatch.GetTimestamp();
            if (!await FlushedAsync(body, cancellation))
                return;

            bool first = true;
            while (plan.TryNext(text, out PlannedChunk planned))
            {
                if (first && commentTicks > 0 && !await WaitWithCommentsAsync(body, framing, waiter, headersFlushed + commentTicks, commentTicks, planned.Deadline, cancellation))
                    return;
                first = false;

                if (planned.Reasoning && !framing.ExposesReasoning)
                {
                    // Hidden reasoning still takes its time: the answer starts when the schedule says.
                    await waiter.WaitUntilAsync(planned.Deadline);
                    continue;
                }

                frame.Clear();
                framing.WriteStreamText(frame, planned, text.AsSpan(0, planned.TextLength));
                await waiter.WaitUntilAsync(planned.Deadline);
                if (fault is not null)
                {
                    // A fault strikes in place of (or, for bad UTF-8, inside) the chunk that would be number N + 1.
                    if (fault.BadUtf8After == chunks.Count)
                        FaultFrames.CorruptText(frame.WrittenMemorySpan, text.AsSpan(0, planned.TextLength));
                    FaultStep step = await StrikeAsync(http, body, framing, chunks.Count, fault, cancellation);
                    if (step == FaultStep.EndResponse)
                        return;
                }

                long written = Stopwatch.GetTimestamp();
                body.Write(frame.WrittenSpan);
                chunks.Add(new ChunkWrite(written, planned.Tokens, planned.TextLength) { Reasoning = planned.Reasoning });
                if (!await FlushedAsync(body, cancellation))
                    return;
            }

            framing.WriteStreamClosing(body, Outcome(truth, headersFlushed, chunks));
            // Recorded before the last flush: a client that reads the end marker and asks for the ground truth at once
            // must find it. Re-recorded as not completed below if that flush fails.
            server.Record(Reported(truth, framing.Report) with { HeadersFlushedTimestamp = headersFlushed, TextChunks = chunks, Completed = true });
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
                server.Record(Reported(truth, framing.Report) with { HeadersFlushedTimestamp = headersFlushed, TextChunks = chunks, Completed = false });
        }
    }

    private enum FaultStep
    {
        Continue,
        EndResponse,
    }

    /// <summary>
    /// Applies a mid-stream fault whose count is <paramref name="sent"/>: a reset, a stall, a broken frame, or an error
    /// event that ends the response. The ground truth then says the stream did not complete.
    /// </summary>
    private static async ValueTask<FaultStep> StrikeAsync(
        HttpContext http, PipeWriter body, ICompletionFraming framing, int sent, LoopbackFault fault, CancellationToken cancellation)
    {
        if (fault.DisconnectAfter == sent)
        {
            http.Abort();
            return FaultStep.EndResponse;
        }

        if (fault.ErrorAfter == sent)
        {
            framing.WriteStreamError(body, FaultFrames.ErrorMessage);
            await body.FlushAsync(cancellation);
            return FaultStep.EndResponse;
        }

        if (fault.MalformedAfter == sent)
        {
            FaultFrames.WriteMalformed(body, framing);
            await body.FlushAsync(cancellation);
        }

        if (fault.StallAfter == sent)
            await Task.Delay(fault.Stall, cancellation);
        return FaultStep.Continue;
    }

    /// <summary>
    /// Sends a waiting comment every <paramref name="interval"/> from <paramref name="next"/> until shortly before
    /// <paramref name="firstDeadline"/>, like a provider holding a queued request open. False when the client is gone.
    /// </summary>
    private static async ValueTask<bool> WaitWithCommentsAsync(
        PipeWriter body, ICompletionFraming framing, PacedWaiter waiter, long next, long interval, long firstDeadline, CancellationToken cancellation)
    {
        for (; next < firstDeadline - CommentGuard; next += interval)
        {
            await waiter.WaitUntilAsync(next);
            framing.WriteWaitingComment(body);
            if (!await FlushedAsync(body, cancellation))
                return false;
        }

        return true;
    }

    private async Task RespondWholeAsync(
        HttpContext http, EmissionPlan plan, ICompletionFraming framing, RequestGroundTruth truth, PacedWaiter waiter, CancellationToken cancellation)
    {
        // The whole text and body are built up front; the body goes out when the schedule's last chunk would have.
        using var reasoning = new PooledBufferWriter(plan.ReasoningTokens * TokenVocabulary.LongestWordBytes);
        using var answer = new PooledBufferWriter((plan.TotalTokens - plan.ReasoningTokens) * TokenVocabulary.LongestWordBytes);
        long deadline = truth.ReceivedTimestamp;
        byte[] scratch = ArrayPool<byte>.Shared.Rent(plan.LargestChunkBytes);
        try
        {
            // Both phases come from one plan, so the words are those the same request would have streamed.
            while (plan.TryNext(scratch, out PlannedChunk planned))
            {
                PooledBufferWriter phase = planned.Reasoning ? reasoning : answer;
                scratch.AsSpan(0, planned.TextLength).CopyTo(phase.GetSpan(planned.TextLength));
                phase.Advance(planned.TextLength);
                deadline = planned.Deadline;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        bool showReasoning = framing.ExposesReasoning;
        HttpResponse response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";

        bool completed = false;
        long written = 0;
        ChunkWrite[] chunks = [];
        try
        {
            await waiter.WaitUntilAsync(deadline);
            written = Stopwatch.GetTimestamp();
            chunks = WholeChunks(written, plan, reasoning.WrittenCount, answer.WrittenCount, showReasoning);
            using var body = new PooledBufferWriter(reasoning.WrittenCount + answer.WrittenCount + 1024);
            var outcome = new CompletionOutcome(truth.ReceivedTimestamp, written, written, written, plan.TotalTokens, truth.ModelLoad);
            framing.WriteWholeResponse(body, showReasoning ? reasoning.WrittenSpan : default, answer.WrittenSpan, outcome);
            response.ContentLength = body.WrittenCount;
            response.BodyWriter.Write(body.WrittenSpan);
            server.Record(Reported(truth, framing.Report) with { HeadersFlushedTimestamp = written, TextChunks = chunks, Completed = true });
            completed = await FlushedAsync(response.BodyWriter, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            http.Abort();
        }
        finally
        {
            if (!completed)
                server.Record(Reported(truth, framing.Report) with { HeadersFlushedTimestamp = written, TextChunks = chunks, Completed = false });
        }
    }

    /// <summary>A whole response as ground truth: one chunk per phase the body shows, all written at once.</summary>
    private static ChunkWrite[] WholeChunks(long written, EmissionPlan plan, int reasoningChars, int answerChars, bool showReasoning)
    {
        int answerTokens = plan.TotalTokens - plan.ReasoningTokens;
        var chunks = new List<ChunkWrite>(2);
        if (showReasoning && plan.ReasoningTokens > 0)
            chunks.Add(new ChunkWrite(written, plan.ReasoningTokens, reasoningChars) { Reasoning = true });
        if (answerTokens > 0)
            chunks.Add(new ChunkWrite(written, answerTokens, answerChars));
        return [.. chunks];
    }

    /// <summary>What the stream's closing frames report, from what was actually written.</summary>
    private static CompletionOutcome Outcome(RequestGroundTruth truth, long headersFlushed, List<ChunkWrite> chunks)
    {
        long now = Stopwatch.GetTimestamp();
        return chunks.Count == 0
            ? new CompletionOutcome(truth.ReceivedTimestamp, headersFlushed, now, now, 0, truth.ModelLoad)
            : new CompletionOutcome(truth.ReceivedTimestamp, headersFlushed, chunks[0].Timestamp, chunks[^1].Timestamp, chunks[0].Tokens, truth.ModelLoad);
    }

    private static RequestGroundTruth Reported(RequestGroundTruth truth, ServerReport report) => truth with
    {
        ReportedUsage = report.Usage,
        ReportedCostUsd = report.CostUsd,
        ServerTimings = report.Timings ?? truth.ServerTimings,
    };

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
