namespace SpeedKings.Bench.Loopback;

/// <summary>
/// The token counts the server put in the response's usage, exactly as sent, so a test can check that the client read
/// each one from where its format puts it. Null members: the format has no such field.
/// </summary>
/// <param name="PromptTokens">prompt_tokens, input_tokens, promptTokenCount, prompt_eval_count.</param>
/// <param name="OutputTokens">completion_tokens, output_tokens, candidates + thoughts, eval_count: reasoning included.</param>
/// <param name="CachedPromptTokens">cached_tokens, prompt_cache_hit_tokens, cache_read_input_tokens.</param>
/// <param name="ReasoningTokens">completion_tokens_details.reasoning_tokens, thoughtsTokenCount.</param>
public sealed record ReportedUsage(int PromptTokens, int OutputTokens, int? CachedPromptTokens, int? ReasoningTokens);
