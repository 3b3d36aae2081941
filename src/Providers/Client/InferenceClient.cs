using System.Net.Http.Headers;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;
using SpeedKings.Bench.Providers.Tokens;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Sends one streamed chat request to one provider and returns its <see cref="RequestRecord"/>. It never throws for
/// what a provider does: failures become records with a class. One instance serves one request at a time (its
/// capture buffers are reused); run several instances for concurrent streams.
/// </summary>
public sealed class InferenceClient : IDisposable
{
    private const int MaxErrorBodyBytes = 16 * 1024;

    private readonly HttpClient _http;
    private readonly IWireFormat _format;
    private readonly Price? _price;
    private readonly StreamCapture _capture = new();
    private readonly FrameReader _reader;
    private double? _retryWaitMs;

    public InferenceClient(HttpClient http, IWireFormat format, ProviderEndpoint endpoint, Price? price, TimeSpan requestTimeout)
    {
        _http = http;
        _format = format;
        Endpoint = endpoint;
        _price = price;
        RequestTimeout = requestTimeout;
        _reader = new FrameReader(format, _capture);
    }

    public ProviderEndpoint Endpoint { get; }

    public TimeSpan RequestTimeout { get; }

    public async Task<RequestRecord> SendAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        PreparedRequest prepared = _format.Prepare(Endpoint, request);
        using var message = CreateMessage(prepared);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        DateTimeOffset startedUtc = DateTimeOffset.UtcNow;
        int? status = null;
        string? requestId = null;

        _capture.Begin();
        _retryWaitMs = null;
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            _capture.Timings.MarkHeaders();
            StartFromLastAttempt(message);
            status = (int)response.StatusCode;
            requestId = FindRequestId(response.Headers);

            if (!response.IsSuccessStatusCode)
            {
                await CaptureErrorResponseAsync(response, timeout.Token);
            }
            else
            {
                await using var body = new TimestampingStream(await response.Content.ReadAsStreamAsync(timeout.Token));
                await _reader.ReadAsync(body, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _capture.OnFailure(FailureKind.Timeout, $"{Endpoint.Id} did not finish within {RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            FailureKind kind = _capture.Timings.Headers == 0 ? FailureKind.Server : FailureKind.Protocol;
            _capture.OnFailure(kind, $"{Endpoint.Id}: {Endpoint.Key.Redact(e.Message)}");
        }
        catch (IOException e)
        {
            _capture.OnFailure(FailureKind.Protocol, $"{Endpoint.Id}: the connection broke mid-stream ({Endpoint.Key.Redact(e.Message)})");
        }
        catch (InvalidDataException e)
        {
            _capture.OnFailure(FailureKind.Protocol, $"{Endpoint.Id} sent a stream that cannot be read: {e.Message}");
        }

        _capture.Timings.MarkStreamEnd();
        if (_capture.Failure is null && status is >= 200 and < 300 && _capture.Timings.TextEvents == 0)
            _capture.OnFailure(FailureKind.Protocol, $"{Endpoint.Id} ended the stream without generating any text");

        message.Options.TryGetValue(AttemptTimestampHandler.Attempts, out int attempts);
        return BuildRecord(request, startedUtc, status, requestId) with { Attempts = Math.Max(attempts, 1), RetryWaitMs = _retryWaitMs };
    }

    /// <summary>
    /// After retries, t0 is the last attempt's start: the time before it went to failed attempts and to waiting as the
    /// provider asked, which is not latency. That time is kept apart, as the record's retry wait.
    /// </summary>
    private void StartFromLastAttempt(HttpRequestMessage message)
    {
        _retryWaitMs = null;
        if (message.Options.TryGetValue(AttemptTimestampHandler.Attempts, out int attempts) && attempts > 1
            && message.Options.TryGetValue(AttemptTimestampHandler.AttemptStart, out long start))
        {
            _retryWaitMs = System.Diagnostics.Stopwatch.GetElapsedTime(_capture.Timings.Start, start).TotalMilliseconds;
            _capture.Timings.Rebase(start);
        }
    }

    /// <summary>
    /// Opens the pooled connection (DNS, TCP, TLS) with a free model-list call, so a first measured request does not
    /// pay for the handshake when warmup is skipped. A failure here is not a measurement and is ignored.
    /// </summary>
    public async Task WarmConnectionAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint.Resolve("models"));
            AddKey(request.Headers);
            using HttpResponseMessage response = await _http.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Best effort: the first request opens the connection instead.
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _capture.Dispose();
    }

    private HttpRequestMessage CreateMessage(PreparedRequest prepared)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, prepared.Url)
        {
            Content = new TimedContent(prepared.Body, _capture.Timings),
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        foreach (var header in prepared.Headers)
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        AddKey(message.Headers);
        return message;
    }

    private void AddKey(HttpRequestHeaders headers)
    {
        ApiKey key = Endpoint.Key;
        if (key.IsEmpty)
            return;
        switch (Endpoint.Descriptor.Auth)
        {
            case AuthScheme.Bearer:
                headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());
                break;
            case AuthScheme.XApiKey:
                headers.TryAddWithoutValidation("x-api-key", key.Reveal());
                break;
            case AuthScheme.ApiKeyHeader:
                headers.TryAddWithoutValidation("api-key", key.Reveal());
                break;
            case AuthScheme.GoogApiKey:
                headers.TryAddWithoutValidation("x-goog-api-key", key.Reveal());
                break;
        }
    }

    private async Task CaptureErrorResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        FailureKind kind = FailureClassifier.FromStatus(response.StatusCode);
        string? providerMessage = null;
        try
        {
            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
            byte[] buffer = new byte[MaxErrorBodyBytes];
            int length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            providerMessage = _format.ReadErrorMessage(buffer.AsSpan(0, length));
        }
        catch (IOException)
        {
            // The status already says what failed; a broken error body adds nothing.
        }

        string summary = FailureClassifier.Describe(kind, Endpoint.Id, Endpoint.Descriptor.PrimaryKeyVariable);
        string detail = providerMessage is null ? "" : $": {Endpoint.Key.Redact(providerMessage)}";
        _capture.OnFailure(kind, $"{summary} (HTTP {(int)response.StatusCode}){detail}");
    }

    private RequestRecord BuildRecord(ChatRequest request, DateTimeOffset startedUtc, int? status, string? requestId)
    {
        TimingRecorder t = _capture.Timings;
        TokenUsage? usage = _capture.Usage;
        if (usage is null && _capture.Failure is null)
        {
            int input = TokenCounter.Default.Count(request.System) + TokenCounter.Default.Count(request.User);
            usage = new TokenUsage(input, 0, TokenCounter.Default.Count(_capture.Text.Span), null, UsageSource.Estimated);
        }

        return new RequestRecord
        {
            Provider = Endpoint.Id,
            Model = Endpoint.Model,
            Prompt = request.PromptId,
            StartedUtc = startedUtc,
            StartTimestamp = t.Start,
            ProviderRequestId = requestId,
            HttpStatus = status,
            PromptSentMs = t.Since(t.PromptSent),
            HeadersMs = t.Since(t.Headers),
            FirstTokenMs = t.Since(t.FirstToken),
            FirstAnswerTokenMs = t.Since(t.FirstAnswerToken),
            LastTokenMs = t.Since(t.LastToken),
            StreamEndMs = t.Since(t.StreamEnd),
            TextEventArrivalsMs = t.ArrivalsMs(),
            FirstEventChars = t.FirstEventChars,
            GeneratedChars = t.GeneratedChars,
            FirstEventTokens = _capture.FirstEventTokens ?? FirstEventTokenCount(t.FirstEventChars),
            Usage = usage,
            ServerTimings = _capture.ServerTimings,
            // The price table decides; a provider's own figure fills in where the table has no price for it.
            CostUsd = _price is not null && usage is not null ? Cost.Of(_price.At(startedUtc), usage) : _capture.ProviderCostUsd,
            ProviderCostUsd = _capture.ProviderCostUsd,
            Failure = _capture.Failure,
            FailureMessage = Qualified(_capture.FailureMessage),
        };
    }

    /// <summary>Every failure message names the provider, whichever layer noticed the failure.</summary>
    private string? Qualified(string? message)
        => message is null || message.Contains(Endpoint.Id, StringComparison.Ordinal) ? message : $"{Endpoint.Id}: {message}";

    /// <summary>
    /// n_first, counted with the tokenizer on the first event's own text. Fast providers put 4–16 tokens in that event;
    /// apportioning N_out by its share of characters instead mis-counted it by up to a few tokens, which moved output
    /// speed by several percent (calibration at 16 tokens per chunk).
    /// </summary>
    private int? FirstEventTokenCount(int firstEventChars)
    {
        ReadOnlySpan<char> text = _capture.Text.Span;
        return firstEventChars > 0 && firstEventChars <= text.Length ? TokenCounter.Default.Count(text[..firstEventChars]) : null;
    }

    private static string? FindRequestId(HttpResponseHeaders headers)
    {
        foreach (string name in (ReadOnlySpan<string>)["x-request-id", "request-id", "x-groq-id", "cf-ray"])
        {
            if (headers.TryGetValues(name, out var values))
                return values.FirstOrDefault();
        }

        return null;
    }
}
