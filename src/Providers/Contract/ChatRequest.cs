using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Providers.Contract;

/// <summary>What to ask: the messages of a standard prompt, capped at its max tokens.</summary>
public sealed record ChatRequest(string PromptId, string? System, string User, int MaxTokens)
{
    public static ChatRequest From(PromptDefinition prompt) => new(prompt.Id, prompt.System, prompt.User, prompt.MaxTokens);
}
