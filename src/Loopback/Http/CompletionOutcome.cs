using System.Diagnostics;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// What actually happened, for the frames that close a response and report server-side timings: raw Stopwatch
/// timestamps of arrival, header flush, first and last text written. Timings are taken from these (not from the
/// schedule) so that what the server reports is what it did.
/// </summary>
internal readonly record struct CompletionOutcome(
    long ReceivedTimestamp, long HeadersFlushedTimestamp, long FirstTextTimestamp, long LastTextTimestamp, int FirstTextTokens, TimeSpan ModelLoad)
{
    /// <summary>Received → headers flushed: the server's own "queue".</summary>
    public double QueueSeconds => Seconds(ReceivedTimestamp, HeadersFlushedTimestamp);

    /// <summary>Headers flushed → first text written: "prompt processing" (a model load included).</summary>
    public double PromptSeconds => Seconds(HeadersFlushedTimestamp, FirstTextTimestamp);

    /// <summary>First → last text written: generation.</summary>
    public double CompletionSeconds => Seconds(FirstTextTimestamp, LastTextTimestamp);

    /// <summary>Received → last text written.</summary>
    public double TotalSeconds => Seconds(ReceivedTimestamp, LastTextTimestamp);

    /// <summary>Received → first text written.</summary>
    public double FirstTextSeconds => Seconds(ReceivedTimestamp, FirstTextTimestamp);

    private static double Seconds(long from, long to) => Math.Max(0, to - from) / (double)Stopwatch.Frequency;
}
