using System.Diagnostics;
using SpeedKings.Bench.Calibration;

namespace SpeedKings.Bench.Tests.Bench.Calibration;

public class StreamComparisonTests
{
    private const long Start = 1_000_000_000;

    private static long At(double ms) => Start + (long)(ms * Stopwatch.Frequency / 1000);

    // The server wrote 4 chunks of 4 tokens at 20, 24, 28 and 32 ms after the client's t0: 12 tokens over 12 ms.
    private static ServerGroundTruth Truth(string id = "lb-1")
        => new(id, Completed: true, OutputTokens: 16, [At(20), At(24), At(28), At(32)], [4, 4, 4, 4], TextChars: 80);

    [Fact]
    public void Errors_are_client_arrivals_against_server_writes()
    {
        var observed = new ClientObservation("lb-1", Start, [20.2, 24.1, 28.5, 32.2], 80, OutputTokensPerSecond: null, Failure: null);

        StreamComparison comparison = StreamComparison.Of(observed, Truth());

        Assert.True(comparison.Intact);
        Assert.Equal(0.2, comparison.TtftErrorMs, 3);
        Assert.Equal([-0.1, 0.4, -0.3], comparison.GapErrorsMs.Select(g => Math.Round(g, 3)));
        // Client: 12 tokens over 12.0 ms; server: 12 tokens over 12 ms.
        Assert.Equal(0, comparison.SpeedErrorPercent!.Value, 6);
    }

    [Fact]
    public void The_clients_own_speed_figure_is_judged_when_it_has_one()
    {
        var observed = new ClientObservation("lb-1", Start, [20, 24, 28, 32], 80, OutputTokensPerSecond: 1010, Failure: null);

        // Server speed 12 tokens / 12 ms = 1000 tok/s; the client said 1010.
        Assert.Equal(1.0, StreamComparison.Of(observed, Truth()).SpeedErrorPercent!.Value, 6);
    }

    [Theory]
    [InlineData("lb-2", 4, 80)] // attributed to another request
    [InlineData("lb-1", 3, 80)] // an event lost
    [InlineData("lb-1", 4, 79)] // text lost
    public void A_lost_or_misattributed_event_breaks_the_stream(string id, int events, int chars)
    {
        double[] arrivals = [20.2, 24.1, 28.5, 32.2];
        var observed = new ClientObservation(id, Start, arrivals[..events], chars, null, null);

        StreamComparison comparison = StreamComparison.Of(observed, Truth());

        Assert.False(comparison.Intact);
        Assert.Null(comparison.SpeedErrorPercent);
    }
}
