namespace SpeedKings.Bench.Loopback.Emission;

/// <summary>
/// One text chunk as planned: when it is due (raw Stopwatch ticks), its token count and its text length, whether it
/// belongs to the reasoning phase, and whether it is the last chunk (formats like Gemini put the finish on it).
/// </summary>
internal readonly record struct PlannedChunk(long Deadline, int Tokens, int TextLength, bool Reasoning, bool Last);
