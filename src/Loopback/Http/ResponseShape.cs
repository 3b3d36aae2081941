namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// Everything about one response that is known before its first byte: who it is for and how many tokens of each kind
/// it will carry. Framings get it at creation, because some formats announce counts up front or put the finish on the
/// last text chunk.
/// </summary>
/// <param name="RequestId">The server's id (<c>lb-7</c>), used to derive each format's response id.</param>
/// <param name="Model">The model named by the request (or the route, for Gemini), echoed back.</param>
/// <param name="PromptTokens">The prompt-token approximation reported as input usage.</param>
/// <param name="OutputTokens">All generated tokens, reasoning included.</param>
/// <param name="ReasoningTokens">Of those, the reasoning phase sent first.</param>
/// <param name="CutByMaxTokens">Finish reason is the format's "length" rather than its "stop".</param>
/// <param name="IncludeUsage">The request asked for usage (stream_options.include_usage).</param>
/// <param name="CachedPromptTokens">Of the prompt tokens, those the prefix cache served (their prefill skipped).</param>
internal readonly record struct ResponseShape(
    string RequestId, string Model, int PromptTokens, int OutputTokens, int ReasoningTokens, bool CutByMaxTokens, bool IncludeUsage, int CachedPromptTokens = 0, string? ToolName = null)
{
    public int AnswerTokens => OutputTokens - ReasoningTokens;
}
