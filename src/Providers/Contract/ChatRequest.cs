using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Providers.Contract;

/// <summary>What to ask: the messages of a standard prompt, capped at its max tokens.</summary>
/// <param name="User">The last user message: what this request asks.</param>
public sealed record ChatRequest(string PromptId, string? System, string User, int MaxTokens)
{
    /// <summary>The conversation so far, oldest first, between the system prompt and <see cref="User"/>; empty for one question.</summary>
    public IReadOnlyList<PriorMessage> History { get; init; } = [];

    /// <summary>The prompt's task and what it sends besides the messages: texts to embed, images, a tool, a schema.</summary>
    public TaskInput Task { get; init; } = TaskInput.Chat;

    /// <summary>
    /// A conversation's turn, from 1; null for a single request. A format that marks cache breakpoints (Anthropic)
    /// marks the end of every turn, so the next turn reads the history back from the cache.
    /// </summary>
    public int? Turn { get; init; }

    /// <summary>A traffic shape's drawn input length in o200k_base tokens, to report beside what the provider counted; null otherwise.</summary>
    public int? AskedInputTokens { get; init; }

    /// <summary>
    /// Characters at the start of <see cref="User"/> that every request of its prompt shares, for a format that marks
    /// a cache breakpoint (Anthropic's <c>cache_control</c>); 0 when the prompt has no shared prefix.
    /// </summary>
    public int SharedPrefixChars { get; init; }

    /// <summary>
    /// A traffic shape's request: its output should run to <see cref="MaxTokens"/> exactly, so a format for engines
    /// that allow it asks them to ignore end-of-sequence (vLLM's <c>min_tokens</c> and <c>ignore_eos</c>).
    /// </summary>
    public bool ExactLength { get; init; }

    // A shape's draws: one seeded sequence per shape and process, so a rerun sends the same lengths.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Random> Draws = new();

    /// <summary>
    /// The prompt's request — a conversation's first turn; for a context class, with a fresh per-request marker each
    /// call — before its document, or after it where the prompt shares its document as a prefix.
    /// </summary>
    public static ChatRequest From(PromptDefinition prompt)
    {
        ChatRequest request = Single(prompt) with { Task = prompt.Task };
        return prompt.IsConversation ? request with { Turn = 1 } : request;
    }

    private static ChatRequest Single(PromptDefinition prompt) => prompt.ContextTokens switch
    {
        { } tokens when prompt.SharesPrefix => new(prompt.Id, prompt.System, ContextDocument.SharedPrefixMessage(tokens, prompt.User), prompt.MaxTokens)
        {
            SharedPrefixChars = ContextDocument.SharedPrefixLength(tokens),
        },
        { } tokens => new(prompt.Id, prompt.System, ContextDocument.Message(tokens, prompt.User), prompt.MaxTokens),
        _ when prompt.Shape is { } shape => Shaped(prompt, shape),
        _ => new(prompt.Id, prompt.System, prompt.User, prompt.MaxTokens) { History = prompt.History },
    };

    private static ChatRequest Shaped(PromptDefinition prompt, TrafficShape shape)
    {
        Random random = Draws.GetOrAdd(shape.Spec, spec => new Random(Metrics.Statistics.StableSeed.Of([spec])));
        (int input, int output) = shape.Draw(random);
        return new(prompt.Id, null, ContextDocument.ShapedMessage(input), output) { ExactLength = true, AskedInputTokens = input };
    }

    /// <summary>The turn after this one: the history grown by this turn's question and the answer it got, then the next follow-up.</summary>
    public ChatRequest Next(PromptDefinition prompt, string answer)
    {
        int turn = Turn ?? throw new InvalidOperationException($"{PromptId} is not a conversation");
        if (turn >= prompt.TurnCount)
            throw new InvalidOperationException($"{PromptId} has {prompt.TurnCount} turns");
        return new ChatRequest(PromptId, System, prompt.FollowUps[turn - 1], MaxTokens)
        {
            History = [.. History, new PriorMessage(PriorMessage.UserRole, User), new PriorMessage(PriorMessage.AssistantRole, answer)],
            Task = Task,
            Turn = turn + 1,
        };
    }
}
