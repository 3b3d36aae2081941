using System.Text.Json.Serialization;
using SpeedKings.Bench.Loopback.OpenAi;

namespace SpeedKings.Bench.Loopback.Profiles;

/// <summary>
/// One provider the loopback imitates, as read from <c>data/fixtures/&lt;name&gt;.json</c>: which wire format it speaks,
/// the path prefix it is served under, how its schedule differs (many tokens per chunk, a reasoning phase, a model load)
/// and, for the OpenAI family, its dialect. Each fixture says where the shape it imitates is documented.
/// </summary>
internal sealed record LoopbackProfile
{
    /// <summary>The profile name recorded in ground truth; also the provider id it imitates.</summary>
    public required string Name { get; init; }

    /// <summary>One of <see cref="WireFormatIds"/>: the same ids <c>data/providers.json</c> uses.</summary>
    public required string WireFormat { get; init; }

    /// <summary>Path prefix without slashes at either end, e.g. <c>groq/v1</c>: what a client's base URL ends with.</summary>
    public required string Route { get; init; }

    /// <summary>Schedule settings merged over the server's own (<see cref="EmissionSchedule.Parse(string, EmissionSchedule)"/> syntax).</summary>
    public string? Schedule { get; init; }

    /// <summary>Where the imitated shape comes from, for a reader checking the fixture.</summary>
    public required string DocumentedBy { get; init; }

    public OpenAiDialect? OpenAi { get; init; }

    /// <summary>What the provider checks before serving (auth header, required headers, max-tokens field); null checks nothing.</summary>
    public ProfileExpectations? Expects { get; init; }

    /// <summary>
    /// A fault every request to this profile gets unless it asks for another (<see cref="Faults.LoopbackFault"/>
    /// syntax): a fixture can describe a provider that misbehaves.
    /// </summary>
    public string? Fault { get; init; }

    [JsonPropertyName("$comment")]
    public string? Comment { get; init; }
}

/// <summary>The wire formats the loopback speaks, named as in <c>data/providers.json</c>.</summary>
internal static class WireFormatIds
{
    public const string OpenAiChat = "openai-chat";
    public const string AnthropicMessages = "anthropic-messages";
    public const string GeminiNative = "gemini-native";
    public const string CohereChat = "cohere-chat";
    public const string OllamaChat = "ollama-chat";

    public static readonly string[] All = [OpenAiChat, AnthropicMessages, GeminiNative, CohereChat, OllamaChat];
}
