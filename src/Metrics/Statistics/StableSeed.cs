namespace SpeedKings.Bench.Metrics.Statistics;

/// <summary>
/// A random seed from names, stable across processes and machines (string hash codes are randomised per process), so
/// whatever the suite draws — a rate schedule, a traffic shape's lengths — is drawn the same in every run.
/// </summary>
public static class StableSeed
{
    /// <summary>FNV-1a over the parts, each closed by a separator, then over <paramref name="counter"/>.</summary>
    public static int Of(ReadOnlySpan<string> parts, int counter = 0)
    {
        uint hash = 2166136261;
        foreach (string part in parts)
        {
            foreach (char c in part)
                hash = (hash ^ c) * 16777619;
            hash = (hash ^ '|') * 16777619;
        }

        return (int)((hash ^ (uint)counter) * 16777619);
    }
}
