namespace SpeedKings.Bench.Loopback.Http;

/// <summary>How a completion ends, for the frames that close it: finish reason and usage.</summary>
internal readonly record struct CompletionOutcome(int PromptTokens, int OutputTokens, bool CutByMaxTokens, bool IncludeUsage);
