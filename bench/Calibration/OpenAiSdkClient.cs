using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using OpenAI;
using OpenAI.Chat;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// The OpenAI .NET SDK's streaming chat client against the same server, timestamped as a careful user of it would:
/// at each update carrying text. The loopback's completion id (<c>chatcmpl-lb-7</c>) names the request.
/// </summary>
internal sealed class OpenAiSdkClient(LoopbackProcess server, ChatRequest request) : ICalibratedClient
{
    private const string IdPrefix = "chatcmpl-";

    // Its own transport only to trust the loopback's certificate when it speaks TLS; otherwise the SDK's defaults.
    private readonly ChatClient _client = new(
        "reference", new ApiKeyCredential("unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri(server.BaseAddress, "v1/"),
            Transport = new HttpClientPipelineTransport(server.CreateHttpClient()),
        });

    private readonly ChatMessage[] _messages = [new SystemChatMessage(request.System ?? ""), new UserChatMessage(request.User)];
    private readonly ChatCompletionOptions _options = new() { MaxOutputTokenCount = request.MaxTokens };

    public string Name => "OpenAI .NET SDK";

    public async Task<ClientObservation> StreamAsync(CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        var arrivals = new List<double>(256);
        int chars = 0;
        string? id = null;
        try
        {
            await foreach (StreamingChatCompletionUpdate update in _client.CompleteChatStreamingAsync(_messages, _options, cancellationToken))
            {
                long now = Stopwatch.GetTimestamp();
                id ??= update.CompletionId;
                if (update.ContentUpdate.Count > 0 && update.ContentUpdate[0].Text is { Length: > 0 } text)
                {
                    arrivals.Add(Stopwatch.GetElapsedTime(start, now).TotalMilliseconds);
                    chars += text.Length;
                }
            }
        }
        catch (ClientResultException e)
        {
            return new ClientObservation(null, start, [.. arrivals], chars, null, e.Message);
        }

        string? requestId = id is not null && id.StartsWith(IdPrefix, StringComparison.Ordinal) ? id[IdPrefix.Length..] : id;
        return new ClientObservation(requestId, start, [.. arrivals], chars, null, null);
    }

    public void Dispose()
    {
    }
}
