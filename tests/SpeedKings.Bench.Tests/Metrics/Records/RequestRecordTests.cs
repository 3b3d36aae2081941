using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.Tests.Metrics.Records;

/// <summary>The derived measures of one request, each against a hand computation.</summary>
public class RequestRecordTests
{
    private static RequestRecord Record(int outputTokens, UsageSource source, int? firstEventTokens, int? textTokens, string? finish = "stop", double[]? arrivals = null)
        => new()
        {
            Provider = "p", Model = "m", Prompt = "Short", StartedUtc = default,
            FirstTokenMs = 100,
            LastTokenMs = 1100,
            TextEventArrivalsMs = arrivals ?? [100, 600, 1100],
            FirstEventChars = 40,
            GeneratedChars = 400,
            FirstEventTokens = firstEventTokens,
            GeneratedTextTokens = textTokens,
            Usage = new TokenUsage(10, 0, outputTokens, null, source),
            FinishReason = finish,
        };

    [Fact]
    public void N_first_is_scaled_to_the_providers_tokenizer_when_it_reported_the_output()
    {
        // The provider counts 200 tokens where o200k sees 400: the first event's 16 o200k tokens are 8 of its own.
        // (200 − 8) tokens over the 1,000 ms from first to last event: 192 tok/s (unscaled it would read 184).
        RequestRecord record = Record(200, UsageSource.Reported, firstEventTokens: 16, textTokens: 400);
        Assert.Equal(8, record.FirstEventTokenShare!.Value, precision: 9);
        Assert.Equal(192, record.OutputTokensPerSecond!.Value, precision: 9);
    }

    [Fact]
    public void N_first_is_the_tokenizers_own_count_when_the_output_was_counted_with_it_too()
    {
        // N_out and n_first both o200k: (400 − 16) / 1 s.
        RequestRecord record = Record(400, UsageSource.Estimated, firstEventTokens: 16, textTokens: 400);
        Assert.Equal(384, record.OutputTokensPerSecond!.Value, precision: 9);
    }

    [Fact]
    public void N_first_given_by_the_provider_is_taken_as_it_is()
        => Assert.Equal(190, Record(200, UsageSource.Reported, firstEventTokens: 10, textTokens: null).OutputTokensPerSecond!.Value, precision: 9);

    [Theory]
    [InlineData("length", true)]
    [InlineData("max_tokens", true)]
    [InlineData("MAX_TOKENS", true)]
    [InlineData("stop", false)]
    [InlineData("end_turn", false)]
    [InlineData(null, false)]
    public void A_response_cut_at_max_tokens_is_truncated(string? finish, bool truncated)
        => Assert.Equal(truncated, Record(100, UsageSource.Reported, 4, 100, finish).IsTruncated);

    [Fact]
    public void A_case_pools_every_gap_for_its_inter_chunk_latency_and_counts_truncated_answers()
    {
        RequestRecord a = Record(100, UsageSource.Reported, 4, 100, "length", arrivals: [100, 110, 130]);  // gaps 10, 20
        RequestRecord b = Record(100, UsageSource.Reported, 4, 100, "stop", arrivals: [100, 105]);         // gap 5
        CaseSummary summary = CaseSummary.From([a, b], [a, b]);
        Assert.Equal(3, summary.InterEventGapMs.Count);
        Assert.Equal(10, summary.InterEventGapMs.P50, precision: 9);
        Assert.Equal(1, summary.Truncated);
        // TPOT: (1100 − 100) / (100 − 1) for both.
        Assert.Equal(1000 / 99.0, summary.TimePerOutputTokenMs.P50, precision: 9);
    }
}
