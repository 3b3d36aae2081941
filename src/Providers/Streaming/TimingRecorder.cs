using System.Buffers;
using System.Diagnostics;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// The one place a request's moments are taken, all on the monotonic <see cref="Stopwatch"/> clock: t0, prompt sent,
/// headers, each text-carrying event (answer or reasoning), stream end. Reused across requests without allocating.
/// </summary>
public sealed class TimingRecorder : IDisposable
{
    private long[] _arrivals = ArrayPool<long>.Shared.Rent(256);

    public long Start { get; private set; }
    public long PromptSent { get; private set; }
    public long Headers { get; private set; }
    public long FirstToken { get; private set; }
    public long FirstAnswerToken { get; private set; }
    public long LastToken { get; private set; }
    public long StreamEnd { get; private set; }
    public int TextEvents { get; private set; }
    public int FirstEventChars { get; private set; }
    public int GeneratedChars { get; private set; }

    /// <summary>Clears everything and takes t0: call immediately before handing the request to HttpClient.</summary>
    public void Restart()
    {
        PromptSent = Headers = FirstToken = FirstAnswerToken = LastToken = StreamEnd = 0;
        TextEvents = FirstEventChars = GeneratedChars = 0;
        Start = Stopwatch.GetTimestamp();
    }

    /// <summary>Moves t0 to a retried request's last attempt; nothing but "prompt sent" can have been marked before it.</summary>
    public void Rebase(long start)
    {
        Start = start;
        if (PromptSent < start)
            PromptSent = 0;
    }

    public void MarkPromptSent() => PromptSent = Stopwatch.GetTimestamp();

    public void MarkHeaders() => Headers = Stopwatch.GetTimestamp();

    public void MarkStreamEnd() => StreamEnd = Stopwatch.GetTimestamp();

    /// <summary>
    /// One event that carried generated text arrived at <paramref name="arrival"/>. Events without text never get
    /// here: role-only chunks, empty deltas, usage trailers and keep-alives do not start TTFT.
    /// </summary>
    public void MarkTextEvent(long arrival, int chars, bool carriesAnswer)
    {
        if (TextEvents == 0)
        {
            FirstToken = arrival;
            FirstEventChars = chars;
        }

        if (carriesAnswer && FirstAnswerToken == 0)
            FirstAnswerToken = arrival;

        if (TextEvents == _arrivals.Length)
            Grow();
        _arrivals[TextEvents++] = arrival;
        LastToken = arrival;
        GeneratedChars += chars;
    }

    /// <summary>Milliseconds from t0 to <paramref name="timestamp"/>; null when the moment never came.</summary>
    public double? Since(long timestamp) => timestamp == 0 ? null : Stopwatch.GetElapsedTime(Start, timestamp).TotalMilliseconds;

    /// <summary>Arrival of every text event in milliseconds after t0 (one allocation per request, at its end).</summary>
    public double[] ArrivalsMs()
    {
        var result = new double[TextEvents];
        for (int i = 0; i < result.Length; i++)
            result[i] = Stopwatch.GetElapsedTime(Start, _arrivals[i]).TotalMilliseconds;
        return result;
    }

    public void Dispose()
    {
        ArrayPool<long>.Shared.Return(_arrivals);
        _arrivals = [];
    }

    private void Grow()
    {
        long[] larger = ArrayPool<long>.Shared.Rent(_arrivals.Length * 2);
        _arrivals.AsSpan().CopyTo(larger);
        ArrayPool<long>.Shared.Return(_arrivals);
        _arrivals = larger;
    }
}
