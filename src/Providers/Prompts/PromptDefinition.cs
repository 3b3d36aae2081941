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
    int MaxTokens);
