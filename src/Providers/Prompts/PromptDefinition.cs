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
    /// The task the prompt asks for and what it sends besides its messages (texts to embed, images, a tool, a schema).
    /// A task other than chat is opt-in, like a context class: a run includes it only when a filter names it.
    /// </summary>
    public TaskInput Task { get; init; } = TaskInput.Chat;

    /// <summary>
    /// A context class whose requests share their document as a prefix (<c>Ctx10kCached</c>): the marker that keeps
    /// each request its own comes after it, so a provider's prompt cache can serve the document from the second request.
    /// </summary>
    public bool SharesPrefix { get; init; }

    /// <summary>
    /// The input tokens the budget reserves for at worst: a shape's longest draw, a conversation's last turn with every
    /// answer at max tokens; the expected count for a fixed prompt.
    /// </summary>
    public int WorstInputTokens
    {
        get => _worstInputTokens ?? ExpectedInputTokens;
        init => _worstInputTokens = value;
    }

    private readonly int? _worstInputTokens;

    /// <summary>
    /// A conversation's questions after the first (<see cref="User"/>): each turn sends the history so far — every
    /// earlier question and the answer it got — then the next question. Empty for a single request.
    /// </summary>
    public IReadOnlyList<string> FollowUps { get; init; } = [];

    /// <summary>A fixed history every request sends before <see cref="User"/> (a JSONL request with assistant messages); empty otherwise.</summary>
    public IReadOnlyList<Contract.PriorMessage> History { get; init; } = [];

    /// <summary>Requests one conversation sends: 1 for a single request.</summary>
    public int TurnCount => 1 + FollowUps.Count;

    public bool IsConversation => FollowUps.Count > 0;

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
        WorstInputTokens = shape.Input.Most,
    };

    /// <summary>
    /// A conversation's input tokens per turn, planned and at worst: turn k carries the first message, every question
    /// up to k and the k − 1 answers before it, typical or max-length.
    /// </summary>
    /// <param name="firstTurnTokens">The first turn's input (system, document, first question).</param>
    /// <param name="followUpTokens">Each later question's tokens.</param>
    public static (int ExpectedMean, int Worst) ConversationInput(int firstTurnTokens, IReadOnlyList<int> followUpTokens, int expectedOutputTokens, int maxTokens)
    {
        long expected = firstTurnTokens, worst = firstTurnTokens, sum = firstTurnTokens;
        foreach (int question in followUpTokens)
        {
            expected += question + expectedOutputTokens;
            worst += question + maxTokens;
            sum += expected;
        }

        return ((int)Math.Round(sum / (double)(followUpTokens.Count + 1)), (int)worst);
    }

    /// <summary>
    /// Whether a run with these <c>--filter</c> patterns includes this prompt: always, unless it is a context class or
    /// a task other than chat that no filter names — named by a literal part of a pattern of three characters or more
    /// that the id (or the task's name) contains, so <c>*Groq*Ctx10k*</c> takes Ctx10k and Ctx10kCached and
    /// <c>*Embed*</c> every embedding prompt, as BenchmarkDotNet's own match of the pattern then does.
    /// </summary>
    public bool IsSelectedBy(IEnumerable<string> filters)
        => !(IsContext || Task.Kind != Contract.InferenceTask.Chat) || filters.Any(f => f.Split(['*', '?'], StringSplitOptions.RemoveEmptyEntries)
            .Any(part => part.Length >= 3
                && (Id.Contains(part, StringComparison.OrdinalIgnoreCase) || Task.Kind.ToString().Contains(part, StringComparison.OrdinalIgnoreCase))));
}
