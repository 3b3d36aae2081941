namespace SpeedKings.Bench.Providers.Contract;

/// <summary>Generated text is either the answer or the model's visible reasoning; both count for TTFT, only answers for TTFAT.</summary>
public enum TextKind
{
    Answer,
    Reasoning,
}
