using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Providers.Contract;

/// <summary>What to ask: the messages of a standard prompt, capped at its max tokens.</summary>
public sealed record ChatRequest(string PromptId, string? System, string User, int MaxTokens)
{
    /// <summary>
    /// Characters at the start of <see cref="User"/> that every request of its prompt shares, for a format that marks
    /// a cache breakpoint (Anthropic's <c>cache_control</c>); 0 when the prompt has no shared prefix.
    /// </summary>
    public int SharedPrefixChars { get; init; }

    /// <summary>
    /// The prompt's request; for a context class, with a fresh per-request marker each call — before its document, or
    /// after it where the prompt shares its document as a prefix.
    /// </summary>
    public static ChatRequest From(PromptDefinition prompt) => prompt.ContextTokens switch
    {
        { } tokens when prompt.SharesPrefix => new(prompt.Id, prompt.System, ContextDocument.SharedPrefixMessage(tokens, prompt.User), prompt.MaxTokens)
        {
            SharedPrefixChars = ContextDocument.SharedPrefixLength(tokens),
        },
        { } tokens => new(prompt.Id, prompt.System, ContextDocument.Message(tokens, prompt.User), prompt.MaxTokens),
        _ => new(prompt.Id, prompt.System, prompt.User, prompt.MaxTokens),
    };
}
