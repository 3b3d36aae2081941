namespace SpeedKings.Bench.Loopback.Emission;

/// <summary>One text chunk as planned: when it is due (raw Stopwatch ticks), its token count and its text length.</summary>
internal readonly record struct PlannedChunk(long Deadline, int Tokens, int TextLength);
