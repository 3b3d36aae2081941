using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using BenchmarkDotNet.Attributes;
using OpenAI;
using OpenAI.Chat;
using SpeedKings.Bench.Providers.OpenAi;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Harness;

/// <summary>
/// What the client costs per streamed chunk: our reader (SSE framing, JSON, timestamps) against the OpenAI .NET
/// SDK on the same recorded bytes. Results are per chunk (OperationsPerInvoke), so "Mean" is nanoseconds per chunk
/// and "Allocated" bytes per chunk. The bytes come from memory: this measures parsing, not the network.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Category)]
public class StreamParsingBenchmarks
{
    public const string Category = "Harness";

    private byte[] _stream = [];
    private StreamCapture _capture = null!;
    private FrameReader _reader = null!;
    private ChatClient _sdk = null!;
    private SseReader _framing = null!;
    private SseReader.EventCallback _countEvent = null!;
    private int _events;

    /// <summary>
    /// <c>repeating</c>: chunks that differ only in their text, as most providers send them (the reader's best case);
    /// <c>obfuscated</c>: OpenAI's own API, whose chunks each end with padding of a new length (the case it cannot shortcut).
    /// </summary>
    [Params("repeating", "obfuscated")]
    public string Chunks { get; set; } = "repeating";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        byte[] recorded = await RecordedChunks.RecordAsync();
        _stream = Chunks == "obfuscated" ? RecordedChunks.WithObfuscation(recorded) : recorded;
        _capture = new StreamCapture();
        _reader = new FrameReader(new OpenAiChatFormat(), _capture);
        var transport = new HttpClientPipelineTransport(new HttpClient(new ReplayHandler(_stream)));
        _sdk = new ChatClient("reference", new ApiKeyCredential("replay"), new OpenAIClientOptions
        {
            Transport = transport,
            Endpoint = new Uri("http://replay.invalid/v1"),
        });

        _framing = new SseReader();
        _countEvent = (_, _) =>
        {
            _events++;
            return true;
        };

        // Both must see every chunk, or the comparison means nothing.
        if (await SpeedKings() != RecordedChunks.TextChunks || await OpenAiSdk() != RecordedChunks.TextChunks)
            throw new InvalidOperationException("a reader missed chunks of the recorded stream");
    }

    [Benchmark(OperationsPerInvoke = RecordedChunks.TextChunks)]
    public async Task<int> SpeedKings()
    {
        _capture.Begin();
        await _reader.ReadAsync(new TimestampingStream(new MemoryStream(_stream, writable: false)), CancellationToken.None);
        return _capture.Timer.TextEvents;
    }

    /// <summary>The framing alone (lines, fields, events) with nothing done per event: the rest of the cost is the JSON.</summary>
    [Benchmark(OperationsPerInvoke = RecordedChunks.TextChunks)]
    public async Task<int> FramingOnly()
    {
        _events = 0;
        await _framing.ReadAsync(new MemoryStream(_stream, writable: false), _countEvent, CancellationToken.None);
        return _events;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordedChunks.TextChunks)]
    public async Task<int> OpenAiSdk()
    {
        int textChunks = 0;
        await foreach (StreamingChatCompletionUpdate update in _sdk.CompleteChatStreamingAsync([new UserChatMessage("x")]))
        {
            if (update.ContentUpdate.Count > 0 && update.ContentUpdate[0].Text.Length > 0)
                textChunks++;
        }

        return textChunks;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader.Dispose();
        _framing.Dispose();
        _capture.Dispose();
    }

    /// <summary>Answers every request with the recorded bytes, so the SDK parses exactly what our reader parses.</summary>
    private sealed class ReplayHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}
