using System.Net.Http.Headers;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client.Http2;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Sends one streamed chat request to one provider and returns its <see cref="RequestRecord"/>: the wire format
/// prepares the bytes, the sender sends them and fixes t0, the frame reader reads the stream into the capture, the
/// assembler makes the record. It never throws for what a provider does: failures become records with a class. One
/// instance serves one request at a time (its capture buffers are reused); run several for concurrent streams.
/// </summary>
internal sealed class InferenceClient : IDisposable
{
    private readonly HttpSender _sender;
    private readonly IWireFormat _format;
    private readonly Price? _price;
    private readonly StreamCapture _capture = new();
    private readonly FrameReader _reader;
    private readonly ArrivalRegistry _registry;
    private readonly StreamArrivals _arrivals = new();

    internal InferenceClient(HttpClient http, IWireFormat format, ArrivalRegistry registry, ProviderEndpoint endpoint, Price? price, TimeSpan requestTimeout)
    {
        _registry = registry;
        _sender = new HttpSender(http, endpoint);
        _format = format;
        Endpoint = endpoint;
        _price = price;
        RequestTimeout = requestTimeout;
        _reader = new FrameReader(format, _capture);
    }

    public ProviderEndpoint Endpoint { get; }

    public TimeSpan RequestTimeout { get; }

    /// <summary>The request's bytes for this provider: build them once, before any clock, and send them as often as needed.</summary>
    public PreparedRequest Prepare(ChatRequest request) => _format.Prepare(Endpoint, request);

    public Task<RequestRecord> SendAsync(ChatRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, Prepare(request), cancellationToken);

    /// <param name="prepared">What <see cref="Prepare"/> made of <paramref name="request"/>.</param>
    public Task<RequestRecord> SendAsync(ChatRequest request, PreparedRequest prepared, CancellationToken cancellationToken = default)
        => SendAsync(request, prepared, intendedTimestamp: 0, cancellationToken);

    /// <param name="prepared">What <see cref="Prepare"/> made of <paramref name="request"/>.</param>
    /// <param name="intendedTimestamp">
    /// When the request was meant to go out (<see cref="StreamTimer.Now"/>): the start of its batch of concurrent
    /// streams, or its arrival in a schedule; 0 for none. The record keeps how late it really left.
    /// </param>
    public async Task<RequestRecord> SendAsync(ChatRequest request, PreparedRequest prepared, long intendedTimestamp, CancellationToken cancellationToken = default)
    {
        // Registered before it goes out, so an HTTP/2 connection can bind the stream it opens for it.
        _arrivals.Discard();
        (long arrivalId, string clientRequestId) = _registry.Register(_arrivals);
        try
        {
            return await SendRegisteredAsync(request, prepared, intendedTimestamp, clientRequestId, cancellationToken);
        }
        finally
        {
            _registry.Unregister(arrivalId);
        }
    }

    private async Task<RequestRecord> SendRegisteredAsync(ChatRequest request, PreparedRequest prepared, long intendedTimestamp, string clientRequestId, CancellationToken cancellationToken)
    {
        using HttpRequestMessage message = _sender.Create(prepared, _capture.Timer, clientRequestId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        DateTimeOffset startedUtc = DateTimeOffset.UtcNow;
        int? status = null;
        string? requestId = null;
        string? version = null;
        (int Attempts, double? RetryWaitMs) attempts = (1, null);
        long handOff = 0; // the first attempt's t0, before a retry moves it
        bool stampsConnectionReads = false;

        _capture.Begin();
        try
        {
            using HttpResponseMessage response = await _sender.SendAsync(message, _capture.Timer, timeout.Token);
            handOff = _capture.Timer.Start;
            attempts = HttpSender.SettleStart(message, _capture.Timer);
            status = (int)response.StatusCode;
            version = response.Version.ToString();
            requestId = FindRequestId(response.Headers);
            if (!response.IsSuccessStatusCode)
            {
                await ErrorResponse.CaptureAsync(response, _format, Endpoint, _capture, timeout.Token);
            }
            else
            {
                StreamArrivals? frames = response.Version.Major == 2 ? _arrivals : null;
                await using var body = new TimestampingStream(await response.Content.ReadAsStreamAsync(timeout.Token), frames);
                stampsConnectionReads = body.StampsConnectionReads;
                await _reader.ReadAsync(body, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _capture.OnFailure(FailureKind.Timeout, $"{Endpoint.Id} did not finish within {RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            FailureKind kind = _capture.Timer.Headers == 0 ? FailureKind.Server : FailureKind.Protocol;
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

        if (status is null)
        {
            handOff = _capture.Timer.Start;
            attempts = HttpSender.SettleStart(message, _capture.Timer); // no response: t0 is still the last attempt's
        }

        _capture.Timer.MarkStreamEnd();
        if (_capture.Failure is null && status is >= 200 and < 300 && _capture.Timer.TextEvents == 0)
            _capture.OnFailure(FailureKind.Protocol, $"{Endpoint.Id} ended the stream without generating any text");

        ConnectionSetup? opened = ConnectionPhases.Of(message);
        return RecordAssembler.Assemble(
            Endpoint, request, _price, _capture,
            new(startedUtc, status, requestId, attempts.Attempts, attempts.RetryWaitMs, version, opened?.DnsMs, opened?.ConnectMs,
                intendedTimestamp != 0 && handOff != 0 ? System.Diagnostics.Stopwatch.GetElapsedTime(intendedTimestamp, handOff).TotalMilliseconds : null,
                opened?.TlsMs, stampsConnectionReads));
    }

    /// <summary>The last response's answer text, for a conversation's next turn; made only when asked, after the stream.</summary>
    public string LastAnswer() => _capture.AnswerText();

    /// <inheritdoc cref="HttpSender.WarmConnectionAsync"/>
    public Task<ConnectionSetup?> WarmConnectionAsync(ConnectionWarmup? warmup = null, CancellationToken cancellationToken = default)
        => _sender.WarmConnectionAsync(warmup, cancellationToken);

    public void Dispose()
    {
        _reader.Dispose();
        _capture.Dispose();
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
