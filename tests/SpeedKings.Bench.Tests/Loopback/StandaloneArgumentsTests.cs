using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Loopback.Standalone;

namespace SpeedKings.Bench.Tests.Loopback;

/// <summary>The standalone loopback's command line: a whole schedule, single options over it, one-sentence errors.</summary>
public class StandaloneArgumentsTests
{
    private static System.CommandLine.ParseResult Parse(params string[] args) => StandaloneArguments.Command().Parse(args);

    [Fact]
    public void Single_options_apply_over_the_whole_schedule()
    {
        LoopbackOptions options = StandaloneArguments.Bind(Parse("--port", "5055", "--schedule", "ttft=5ms;tps=100;chunk=2", "--tokens-per-chunk=8"));
        Assert.Equal(5055, options.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(5), options.Schedule.TimeToFirstToken);
        Assert.Equal(100, options.Schedule.TokensPerSecond);
        Assert.Equal(8, options.Schedule.TokensPerChunk);
        Assert.Null(options.Slots);
        Assert.Equal(4, StandaloneArguments.Bind(Parse("--slots", "4")).Slots);
        Assert.Null(options.DecodeTokensPerSecond);
        Assert.Equal(2500, StandaloneArguments.Bind(Parse("--decode-tps", "2500")).DecodeTokensPerSecond);
        Assert.Equal("--decode-tps needs a positive number of tokens a second.", Assert.Throws<ArgumentException>(() => StandaloneArguments.Bind(Parse("--decode-tps", "0"))).Message);
    }

    [Theory]
    [InlineData("--port", "x", "Option --port needs a whole number from 0 to 65535, not 'x'.")]
    [InlineData("--tokens-per-chunk", "0", "Option --tokens-per-chunk needs a whole number from 1 to 2147483647, not '0'.")]
    [InlineData("--jitter", "much", "Option --jitter needs a number, not 'much'.")]
    [InlineData("--slots", "0", "Option --slots needs a whole number from 1 to 100000, not '0'.")]
    public void Bad_values_get_one_sentence(string option, string value, string expected)
        => Assert.Equal(expected, Assert.Single(Parse(option, value).Errors).Message);
}
