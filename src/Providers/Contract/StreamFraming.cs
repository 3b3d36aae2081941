namespace SpeedKings.Bench.Providers.Contract;

/// <summary>How a streamed body is cut into frames.</summary>
public enum StreamFraming
{
    /// <summary>Server-sent events: <c>data:</c> lines ended by a blank line (most providers).</summary>
    ServerSentEvents,

    /// <summary>One JSON object per line (Ollama's native API).</summary>
    NewlineDelimitedJson,

    /// <summary>One JSON document, read whole: a response that is not streamed (embeddings).</summary>
    WholeBody,
}
