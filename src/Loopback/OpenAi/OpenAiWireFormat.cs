using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.OpenAi;

/// <summary>
/// <c>POST {route}/chat/completions</c> for one OpenAI-compatible provider profile: OpenAI's request body, and the
/// profile's dialect for everything it sends back.
/// </summary>
internal sealed class OpenAiWireFormat(string profile, OpenAiDialect dialect) : IWireFormat
{
    // Built once per profile: the comment frame a queued request receives, e.g. ": keep-alive\n\n".
    private readonly byte[]? _waitingComment = dialect.WaitingComment is { } text ? Encoding.UTF8.GetBytes($": {text}\n\n") : null;

    public string Profile => profile;

    public bool SimulatesModelLoad => false;

    public bool TryReadRequest(
        HttpContext http, JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
        => OpenAiChatRequestReader.TryRead(body, out request, out error);

    public Task WriteErrorAsync(HttpResponse response, int statusCode, string message)
        => OpenAiErrorResponse.WriteAsync(response, statusCode, message, dialect.ErrorBody);

    public ICompletionFraming CreateFraming(in ResponseShape shape) => new OpenAiChatFraming(shape, dialect, _waitingComment);
}
