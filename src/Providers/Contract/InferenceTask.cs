namespace SpeedKings.Bench.Providers.Contract;

/// <summary>
/// What a request asks a provider to do: the <c>Task</c> param. A prompt names its task (data/prompts.json) and a
/// provider entry the tasks it serves (data/providers.json); a task a provider does not serve is not a case.
/// </summary>
public enum InferenceTask
{
    /// <summary>A streamed text answer: every provider serves it.</summary>
    Chat,

    /// <summary>Vectors for a batch of texts, in one whole response: latency, inputs/s, input tokens/s, dimensions checked.</summary>
    Embed,

    /// <summary>A streamed answer to a question about attached images, sent in the provider's own image format.</summary>
    Vision,

    /// <summary>A streamed call of one defined tool: time to its first delta, to its complete arguments, and their validity.</summary>
    ToolCall,

    /// <summary>A streamed answer constrained to a JSON Schema (structured output), counted valid or not.</summary>
    Json,
}
