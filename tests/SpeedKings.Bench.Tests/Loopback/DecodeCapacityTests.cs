using System.Diagnostics;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Loopback.Emission;

namespace SpeedKings.Bench.Tests.Loopback;

/// <summary>
/// A shared decode capacity slows each generating stream to its share, by hand: at 2,000 tok/s shared by four streams
/// a stream gets 500 tok/s, so a 4-token chunk comes 8 ms after the last; alone it keeps its schedule's 1,000 tok/s.
/// </summary>
public class DecodeCapacityTests
{
    private static readonly EmissionSchedule Schedule = EmissionSchedule.Parse("ttft=20ms;tps=1000;chunk=4");

    private static double[] GapsMs(EmissionPlan plan, int chunks)
    {
        var text = new byte[plan.LargestChunkBytes];
        var deadlines = new List<long>();
        for (int i = 0; i < chunks && plan.TryNext(text, out PlannedChunk chunk); i++)
            deadlines.Add(chunk.Deadline);
        return [.. deadlines.Zip(deadlines.Skip(1), (a, b) => (b - a) * 1000.0 / Stopwatch.Frequency)];
    }

    [Fact]
    public void Each_generating_stream_gets_its_share_and_never_more_than_its_schedule()
    {
        var decode = new DecodeCapacity(2000);
        using (var alone = new EmissionPlan(Schedule, 0, 16, sequence: 1, decode: decode))
        {
            Assert.All(GapsMs(alone, 4), gap => Assert.Equal(4.0, gap, 0.001));   // 4 tokens at 1,000/s: its own schedule
            Assert.Equal(1, decode.Generating);
        }

        Assert.Equal(0, decode.Generating);   // a finished plan leaves the engine

        decode.Join();
        decode.Join();
        decode.Join();                        // three other streams generating
        using var shared = new EmissionPlan(Schedule, 0, 16, sequence: 2, decode: decode);
        Assert.All(GapsMs(shared, 4), gap => Assert.Equal(8.0, gap, 0.001));      // 2,000 / 4 = 500 tok/s: 8 ms per chunk
        Assert.Equal(4, decode.Generating);
    }

    [Fact]
    public void The_first_token_keeps_its_time_however_busy_the_engine_is()
    {
        var decode = new DecodeCapacity(100);
        for (int i = 0; i < 10; i++)
            decode.Join();
        using var plan = new EmissionPlan(Schedule, 0, 8, sequence: 1, decode: decode);
        var text = new byte[plan.LargestChunkBytes];

        Assert.True(plan.TryNext(text, out PlannedChunk first));
        Assert.Equal(20.0, first.Deadline * 1000.0 / Stopwatch.Frequency, 0.001);   // prefill is not decode
        Assert.Equal(10, decode.Generating);                                     // not generating before its first token
    }
}
