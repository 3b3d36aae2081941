namespace SpeedKings.Bench.Providers.Contract;

/// <summary>
/// Generated text is the answer, the model's visible reasoning, or a tool call's arguments: all count for TTFT and
/// output speed, only answers for TTFAT.
/// </summary>
public enum TextKind
{
    Answer,
    Reasoning,
    ToolArguments,
}
