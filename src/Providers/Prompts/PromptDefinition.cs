namespace SpeedKings.Bench.Providers.Prompts;

/// <summary>One standard prompt of <c>data/prompts.json</c>, with the token counts the budget plans with.</summary>
/// <param name="Id">The prompt-size param value (Short, Medium, Long).</param>
/// <param name="ExpectedInputTokens">o200k_base tokens of the messages, checked by a test against the tokenizer.</param>
/// <param name="ExpectedOutputTokens">A typical answer's length, for cost estimates.</param>
/// <param name="MaxTokens">Sent as the output cap: bounds the worst-case cost of one request.</param>
public sealed record PromptDefinition(
    string Id,
    string Description,
    string? System,
    string User,
    int ExpectedInputTokens,
    int ExpectedOutputTokens,
    int MaxTokens)
{
    /// <summary>
    /// For a context class (<c>Ctx1k</c>…): the o200k_base tokens of the long document put before the question, unique
    /// per request from its first token (<see cref="ContextDocument"/>). Context classes are opt-in: a run includes them
    /// only when a filter names them.
    /// </summary>
    public int? ContextTokens { get; init; }

    public bool IsContext => ContextTokens is not null;

    /// <summary>
    /// A context class whose requests share their document as a prefix (<c>Ctx10kCached</c>): the marker that keeps
    /// each request its own comes after it, so a provider's prompt cache can serve the document from the second request.
    /// </summary>
    public bool SharesPrefix { get; init; }

    /// <summary>A traffic shape (<c>--shape</c>): each request draws its input and output lengths; null for a fixed prompt.</summary>
    public TrafficShape? Shape { get; init; }

    /// <summary>Whether each request gets its own text (a context class's marker, a shape's lengths), built before each iteration.</summary>
    public bool VariesPerRequest => IsContext || Shape is not null;

    /// <summary>The prompt of a traffic shape: named after its notation, planned at its mean lengths and capped at its longest output.</summary>
    public static PromptDefinition For(TrafficShape shape) => new(
        shape.Spec, $"Traffic shape {shape.Spec} (input/output tokens)", null, ContextDocument.ShapeInstruction,
        (int)Math.Round(shape.Input.Mean), (int)Math.Round(shape.Output.Mean), shape.Output.Most)
    {
        Shape = shape,
    };

    /// <summary>
    /// Whether a run with these <c>--filter</c> patterns includes this prompt: always, unless it is a context class no
    /// filter names — named by a literal part of a pattern of three characters or more that the id contains, so
    /// <c>*Groq*Ctx10k*</c> takes Ctx10k and Ctx10kCached, as BenchmarkDotNet's own match of the pattern then does.
    /// </summary>
    public bool IsSelectedBy(IEnumerable<string> filters)
        => !IsContext || filters.Any(f => f.Split(['*', '?'], StringSplitOptions.RemoveEmptyEntries)
            .Any(part => part.Length >= 3 && Id.Contains(part, StringComparison.OrdinalIgnoreCase)));
}
