using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Providers.Contract;

/// <summary>What to ask: the messages of a standard prompt, capped at its max tokens.</summary>
public sealed record ChatRequest(string PromptId, string? System, string User, int MaxTokens)
{
    /// <summary>The prompt's request; for a context class, with a fresh per-request marker before its document each call.</summary>
    public static ChatRequest From(PromptDefinition prompt)
        => new(prompt.Id, prompt.System, prompt.ContextTokens is { } tokens ? ContextDocument.Message(tokens, prompt.User) : prompt.User, prompt.MaxTokens);
}
