using System.Buffers;
using System.Diagnostics;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// The one place a request's moments are read and kept, all on the monotonic <see cref="Stopwatch"/> clock: t0, prompt
/// sent, headers, each text-carrying event (answer or reasoning), stream end. Every clock read of the client goes
/// through <see cref="Now"/>; an event's arrival is passed in explicitly — the completion of the socket read that
/// delivered its last byte — never read when the parser gets round to it. Reused across requests without allocating.
/// </summary>
public sealed class StreamTimer : IDisposable
{
    private long[] _arrivals = ArrayPool<long>.Shared.Rent(256);

    public long Start { get; private set; }
    public long PromptSent { get; private set; }

    public long Headers { get; private set; }
    public long FirstToken { get; private set; }

    /// <summary>When the first text event reached the reader: after <see cref="FirstToken"/> by HTTP/2's hand-off, else the same.</summary>
    public long FirstTokenDelivered { get; private set; }
    public long FirstAnswerToken { get; private set; }
    public long LastToken { get; private set; }
    public long StreamEnd { get; private set; }
    public int TextEvents { get; private set; }

    /// <summary>The first event that carried any part of a tool call (its name, or arguments).</summary>
    public long FirstToolCall { get; private set; }

    /// <summary>The last event that carried tool-call arguments: when they were complete.</summary>
    public long LastToolArguments { get; private set; }

    /// <summary>Events that carried tool-call arguments: more than one means they streamed in fragments.</summary>
    public int ToolArgumentEvents { get; private set; }
    public int FirstEventChars { get; private set; }
    public int GeneratedChars { get; private set; }

    /// <summary>The client's clock: a raw <see cref="Stopwatch"/> timestamp, machine-wide, so a local server's ground truth lines up.</summary>
    public static long Now() => Stopwatch.GetTimestamp();

    /// <summary>Clears everything and takes a provisional t0, the moment the request is handed to the HTTP client.</summary>
    public void Restart()
    {
        PromptSent = Headers = FirstToken = FirstTokenDelivered = FirstAnswerToken = LastToken = StreamEnd = 0;
        TextEvents = FirstEventChars = GeneratedChars = 0;
        FirstToolCall = LastToolArguments = 0;
        ToolArgumentEvents = 0;
        Start = Now();
    }

    /// <summary>
    /// Sets t0 to the start of the attempt that produced the response (see <c>AttemptTimestampHandler</c>); a "prompt
    /// sent" stamp of an earlier attempt is dropped, since it belongs to a request that did not answer.
    /// </summary>
    public void StartAt(long attemptStart)
    {
        Start = attemptStart;
        if (PromptSent < attemptStart)
            PromptSent = 0;
    }

    public void MarkPromptSent() => PromptSent = Now();

    public void MarkHeaders() => Headers = Now();

    public void MarkStreamEnd() => StreamEnd = Now();

    /// <summary>
    /// One event that carried generated text arrived at <paramref name="arrival"/>. Events without text never get
    /// here: role-only chunks, empty deltas, usage trailers and keep-alives do not start TTFT.
    /// </summary>
    /// <param name="delivered">When the reader got the event, if later than its arrival; 0 for at arrival.</param>
    public void MarkTextEvent(long arrival, int chars, bool carriesAnswer, long delivered = 0)
    {
        if (TextEvents == 0)
        {
            FirstToken = arrival;
            FirstTokenDelivered = Math.Max(arrival, delivered);
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

    /// <summary>One event that carried part of a tool call arrived at <paramref name="arrival"/>.</summary>
    public void MarkToolEvent(long arrival, bool carriesArguments)
    {
        if (FirstToolCall == 0)
            FirstToolCall = arrival;
        if (!carriesArguments)
            return;
        LastToolArguments = arrival;
        ToolArgumentEvents++;
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
