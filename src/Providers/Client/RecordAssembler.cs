using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Checks;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;
using SpeedKings.Bench.Providers.Streaming;
using SpeedKings.Bench.Providers.Tokens;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Turns what one request left in the capture into its immutable <see cref="RequestRecord"/>: timings from the timer,
/// token counts from the provider (or the tokenizer, marked estimated, when it reported none — also for a stream
/// that failed after generating, since the provider bills that), cost from
/// <see cref="Cost"/>, and a failure message that names the provider.
/// </summary>
internal static class RecordAssembler
{
    /// <summary>Where the exchange ended: what the HTTP layer saw, beside what the stream reader captured.</summary>
    public readonly record struct Exchange(
        DateTimeOffset StartedUtc, int? Status, string? ProviderRequestId, int Attempts, double? RetryWaitMs, string? HttpVersion, double? DnsMs, double? ConnectMs,
        double? ScheduleLagMs = null, double? TlsMs = null, bool StampsConnectionReads = false);

    public static RequestRecord Assemble(ProviderEndpoint endpoint, ChatRequest request, Price? price, StreamCapture capture, Exchange exchange)
    {
        StreamTimer t = capture.Timer;
        TokenUsage? usage = capture.Usage;
        // Counted once, used twice: the estimate of N_out when none was reported, and the scale of n_first.
        int? textTokens = capture.FirstEventTokens is null && t.TextEvents > 0 ? TokenCounter.Default.Count(capture.Text.Span) : null;
        // A stream that broke after text arrived is still billed for its input and what it generated: counted, marked estimated.
        if (usage is null && (capture.Failure is null || t.TextEvents > 0))
        {
            int input = TokenCounter.Default.Count(request.System) + TokenCounter.Default.Count(request.User)
                + request.History.Sum(m => TokenCounter.Default.Count(m.Text)) + request.Task.Inputs.Sum(text => TokenCounter.Default.Count(text));
            usage = new TokenUsage(input, 0, textTokens ?? 0, null, UsageSource.Estimated);
        }

        (bool Valid, string? Problem)? outcome = Outcome(request.Task, capture);
        return new RequestRecord
        {
            Provider = endpoint.Id,
            Model = endpoint.Model,
            Prompt = request.PromptId,
            StartedUtc = exchange.StartedUtc,
            StartTimestamp = t.Start,
            ScheduleLagMs = exchange.ScheduleLagMs,
            ProviderRequestId = exchange.ProviderRequestId,
            HttpStatus = exchange.Status,
            HttpVersion = exchange.HttpVersion,
            DnsMs = exchange.DnsMs,
            ConnectMs = exchange.ConnectMs,
            TlsMs = exchange.TlsMs,
            FirstTokenHandOffMs = exchange.StampsConnectionReads && t.FirstToken != 0
                ? System.Diagnostics.Stopwatch.GetElapsedTime(t.FirstToken, t.FirstTokenDelivered).TotalMilliseconds
                : null,
            PromptSentMs = t.Since(t.PromptSent),
            HeadersMs = t.Since(t.Headers),
            FirstTokenMs = t.Since(t.FirstToken),
            FirstAnswerTokenMs = t.Since(t.FirstAnswerToken),
            LastTokenMs = t.Since(t.LastToken),
            StreamEndMs = t.Since(t.StreamEnd),
            TextEventArrivalsMs = t.ArrivalsMs(),
            FirstEventChars = t.FirstEventChars,
            GeneratedChars = t.GeneratedChars,
            FirstEventTokens = capture.FirstEventTokens ?? FirstEventTokenCount(capture),
            GeneratedTextTokens = textTokens,
            Usage = usage,
            ServerTimings = capture.ServerTimings,
            FinishReason = capture.FinishReason,
            CostUsd = Cost.OfRequest(price, usage, exchange.StartedUtc, capture.ProviderCostUsd),
            ProviderCostUsd = capture.ProviderCostUsd,
            Failure = capture.Failure,
            FailureMessage = Qualified(endpoint, capture.FailureMessage),
            Attempts = exchange.Attempts,
            RetryWaitMs = exchange.RetryWaitMs,
            Turn = request.Turn,
            AskedInputTokens = request.AskedInputTokens,
            AskedOutputTokens = request.ExactLength ? request.MaxTokens : null,
            Task = request.Task.Kind == InferenceTask.Chat ? null : request.Task.Kind.ToString(),
            Inputs = request.Task.Kind == InferenceTask.Embed ? request.Task.Inputs.Count : null,
            Embeddings = capture.Embeddings?.Count,
            EmbeddingDimensions = capture.Embeddings?.Dimensions,
            FirstToolCallMs = t.Since(t.FirstToolCall),
            ToolArgumentsDoneMs = t.Since(t.LastToolArguments),
            ToolArgumentEvents = request.Task.Kind == InferenceTask.ToolCall ? t.ToolArgumentEvents : null,
            ToolName = capture.ToolCalls.Count > 0 ? capture.ToolCalls[0].Name : null,
            OutputValid = outcome?.Valid,
            OutputProblem = outcome?.Problem,
        };
    }

    /// <summary>
    /// Whether the output is what the task asked for, checked after the stream: null for chat and for a request that
    /// failed (its failure is the outcome); otherwise valid, or invalid with the reason.
    /// </summary>
    private static (bool Valid, string? Problem)? Outcome(TaskInput task, StreamCapture capture)
    {
        if (capture.Failure is not null)
            return null;
        string? problem = task.Kind switch
        {
            InferenceTask.Embed => capture.Embeddings switch
            {
                null => "no embeddings came back",
                ({ } count, _) when count != task.Inputs.Count => $"{count} embeddings came back for {task.Inputs.Count} inputs",
                (_, null) => "the embeddings differ in length",
                _ => null,
            },
            InferenceTask.ToolCall when task.Tool is { } tool => capture.ToolCalls switch
            {
                [] => $"the model called no tool (asked to call {tool.Name})",
                [var call, ..] when call.Name != tool.Name => $"the model called '{call.Name}', not '{tool.Name}'",
                [var call, ..] => OutputCheck.Problem(tool.Parameters, call.Arguments.ToString()),
            },
            InferenceTask.Json when task.Schema is { } schema => OutputCheck.Problem(schema.Schema, capture.AnswerText()),
            _ => null,
        };
        return task.Kind is InferenceTask.Embed or InferenceTask.ToolCall or InferenceTask.Json ? (problem is null, problem) : null;
    }

    /// <summary>Every failure message names the provider, whichever layer noticed the failure.</summary>
    private static string? Qualified(ProviderEndpoint endpoint, string? message)
        => message is null || message.Contains(endpoint.Id, StringComparison.Ordinal) ? message : $"{endpoint.Id}: {message}";

    /// <summary>
    /// The first event's tokens, counted with the tokenizer on its own text (the record scales it to the provider's
    /// N_out). Apportioning N_out by the event's share of characters instead mis-counted it by a few tokens, which
    /// moved output speed by several percent at 16 tokens per chunk.
    /// </summary>
    private static int? FirstEventTokenCount(StreamCapture capture)
    {
        ReadOnlySpan<char> text = capture.Text.Span;
        int first = capture.Timer.FirstEventChars;
        return first > 0 && first <= text.Length ? TokenCounter.Default.Count(text[..first]) : null;
    }
}
