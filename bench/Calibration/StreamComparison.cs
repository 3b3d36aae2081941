using System.Diagnostics;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// One stream's client timings against the server's: how late the client saw the first token, how far each
/// inter-chunk gap moved, how far the client's output speed is from the speed the server actually wrote at, and whether
/// every event arrived and was attributed to the right request.
/// </summary>
/// <param name="TtftErrorMs">First text arrival minus first text write, both on the monotonic clock.</param>
/// <param name="GapErrorsMs">For each later chunk: (client gap) − (server gap) to the chunk before.</param>
/// <param name="SpeedErrorPercent">(client tok/s − server tok/s) / server tok/s × 100; null when either has no speed.</param>
/// <param name="Intact">Same request, same number of text events, same text length as the server sent.</param>
internal sealed record StreamComparison(double TtftErrorMs, double[] GapErrorsMs, double? SpeedErrorPercent, bool Intact)
{
    /// <summary>
    /// Compares what a client observed with the server's record of the same request. The client's own speed figure is
    /// used when it has one; otherwise speed is computed from its arrivals with the server's token counts, so a client
    /// is judged on its timing, not on its token counting.
    /// </summary>
    public static StreamComparison Of(ClientObservation observed, ServerGroundTruth truth)
    {
        bool intact = observed.Failure is null && observed.RequestId == truth.RequestId && truth.Completed
            && observed.ArrivalsMs.Length == truth.ChunkWrites.Length && observed.TextChars == truth.TextChars;
        int count = Math.Min(observed.ArrivalsMs.Length, truth.ChunkWrites.Length);
        if (count == 0)
            return new StreamComparison(double.NaN, [], null, false);

        double[] written = truth.ChunkWrites.Select(w => Stopwatch.GetElapsedTime(observed.StartTimestamp, w).TotalMilliseconds).ToArray();
        var gaps = new double[count - 1];
        for (int i = 1; i < count; i++)
            gaps[i - 1] = (observed.ArrivalsMs[i] - observed.ArrivalsMs[i - 1]) - (written[i] - written[i - 1]);

        double? serverSpeed = truth.OutputTokensPerSecond;
        double? clientSpeed = observed.OutputTokensPerSecond ?? SpeedFromArrivals(observed.ArrivalsMs, truth);
        double? speedError = serverSpeed is > 0 && clientSpeed is { } client && intact
            ? (client - serverSpeed.Value) / serverSpeed.Value * 100
            : null;
        return new StreamComparison(observed.ArrivalsMs[0] - written[0], gaps, speedError, intact);
    }

    private static double? SpeedFromArrivals(double[] arrivalsMs, ServerGroundTruth truth)
        => arrivalsMs.Length < 2 ? null : (truth.OutputTokens - truth.ChunkTokens[0]) / ((arrivalsMs[^1] - arrivalsMs[0]) / 1000);
}
