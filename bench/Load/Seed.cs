namespace SpeedKings.Bench.Load;

/// <summary>
/// A schedule's seed from the case and the iteration, stable across processes and machines (string hash codes are
/// randomised per process), so the same case sends on the same schedule in every run.
/// </summary>
internal static class Seed
{
    public static int Of(string provider, string prompt, string rate, int iteration)
    {
        // FNV-1a over the case's params, then the iteration.
        uint hash = 2166136261;
        foreach (string part in (ReadOnlySpan<string>)[provider, prompt, rate])
        {
            foreach (char c in part)
                hash = (hash ^ c) * 16777619;
            hash = (hash ^ '|') * 16777619;
        }

        return (int)((hash ^ (uint)iteration) * 16777619);
    }
}
