using System.Text;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.OpenAi;
using SpeedKings.Bench.Providers.Streaming;
using SpeedKings.Bench.Tests.Providers.Streaming;

namespace SpeedKings.Bench.Tests.Providers.OpenAi;

/// <summary>The parser rules of the OpenAI-compatible stream formats providers document, each fed to the real reader as bytes.</summary>
public class OpenAiStreamParsingTests
{
    private static string Chunk(string delta, string extra = "")
        => $$"""data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{{{delta}}},"finish_reason":null}]{{extra}}}""" + "\n\n";

    private static Task<StreamCapture> ReadAsync(TimeSpan pause, params string[] segments)
        => StreamFeed.ReadAsync(new OpenAiChatFormat(), pause, segments);

    private static Task<StreamCapture> ReadAsync(params string[] segments) => StreamFeed.ReadAsync(new OpenAiChatFormat(), segments);

    [Fact]
    public async Task Text_events_are_counted_once_each_with_their_characters()
    {
        using var capture = await ReadAsync(Chunk("\"content\":\"Hello\""), Chunk("\"content\":\" world\""), "data: [DONE]\n\n");
        Assert.Equal(2, capture.Timer.TextEvents);
        Assert.Equal(5, capture.Timer.FirstEventChars);
        Assert.Equal(11, capture.Timer.GeneratedChars);
        Assert.Equal("Hello world", capture.Text.Span.ToString());
        Assert.Null(capture.Failure);
    }

    [Fact]
    public async Task Role_only_empty_null_and_choiceless_chunks_are_not_tokens()
    {
        using var capture = await ReadAsync(
            Chunk("\"role\":\"assistant\",\"content\":\"\""),
            Chunk("\"content\":null"),
            Chunk(""),
            """data: {"id":"c1","choices":[]}""" + "\n\n",
            Chunk("\"content\":\"first\""));
        Assert.Equal(1, capture.Timer.TextEvents);
        Assert.Equal(5, capture.Timer.FirstEventChars);
    }

    [Fact]
    public async Task Comments_and_keep_alives_are_ignored()
    {
        using var capture = await ReadAsync(": keep-alive\n\n", ": OPENROUTER PROCESSING\n\n", Chunk("\"content\":\"x\""));
        Assert.Equal(1, capture.Timer.TextEvents);
        Assert.Null(capture.Failure);
    }

    [Fact]
    public async Task Crlf_data_without_space_trailing_spaces_and_reads_split_mid_line_all_parse()
    {
        string frame = "data:{\"choices\":[{\"delta\":{\"content\":\"ab\"}}]}   \r\n\r\n";
        using var capture = await ReadAsync(frame[..7], frame[7..30], frame[30..^1], frame[^1..], frame);
        Assert.Equal(2, capture.Timer.TextEvents);
        Assert.Equal("abab", capture.Text.Span.ToString());
    }

    [Fact]
    public async Task End_of_body_without_done_is_the_end()
    {
        using var capture = await ReadAsync(Chunk("\"content\":\"a\""), Chunk("\"content\":\"b\"", ""","usage":{"prompt_tokens":22,"completion_tokens":3,"total_tokens":25}"""));
        Assert.Equal(2, capture.Timer.TextEvents);
        Assert.Equal(3, capture.Usage!.OutputTokens);
    }

    [Fact]
    public async Task Nothing_after_done_is_read()
    {
        using var capture = await ReadAsync(Chunk("\"content\":\"a\""), "data: [DONE]\n\n", Chunk("\"content\":\"late\""));
        Assert.Equal(1, capture.Timer.TextEvents);
    }

    [Fact]
    public async Task Usage_repeated_on_finish_chunk_and_trailer_is_taken_once()
    {
        const string usage = """{"queue_time":0.16,"prompt_tokens":20,"prompt_time":0.0128,"completion_tokens":4,"completion_time":0.0091,"total_tokens":24,"total_time":0.022}""";
        using var capture = await ReadAsync(
            Chunk("\"content\":\"one two\""),
            $$$"""data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"req_1","usage":{{{usage}}}}}""" + "\n\n",
            $$$"""data: {"choices":[],"usage":{{{usage}}}}""" + "\n\n",
            "data: [DONE]\n\n");
        Assert.Equal(new TokenUsage(20, 0, 4, null, UsageSource.Reported), capture.Usage);
        Assert.Equal("stop", capture.FinishReason);
        Assert.Equal("x_groq.usage", capture.ServerTimings!.Source);
        Assert.Equal(160, capture.ServerTimings.QueueMs!.Value, precision: 9);
        Assert.Equal(172.8, capture.ServerTimings.BeforeFirstTokenMs!.Value, precision: 9);
    }

    [Fact]
    public async Task Cerebras_time_info_is_kept_in_milliseconds()
    {
        using var capture = await ReadAsync(
            Chunk("\"content\":\"hi\""),
            """data: {"choices":[{"delta":{},"finish_reason":"stop","index":0}],"usage":{"prompt_tokens":22,"completion_tokens":3,"total_tokens":25,"prompt_tokens_details":{"cached_tokens":8}},"time_info":{"queue_time":0.000533844,"prompt_time":0.00128098,"completion_time":0.003694258,"total_time":0.0075199604,"created":1761231233.44}}""" + "\n\n");
        Assert.Equal(8, capture.Usage!.CachedInputTokens);
        Assert.Equal("time_info", capture.ServerTimings!.Source);
        Assert.Equal(0.533844, capture.ServerTimings.QueueMs!.Value, precision: 9);
        Assert.Equal(7.5199604, capture.ServerTimings.TotalMs!.Value, precision: 9);
    }

    [Fact]
    public async Task Reasoning_inside_think_tags_in_the_answer_counts_for_ttft_but_not_ttfat()
    {
        using var capture = await ReadAsync(
            TimeSpan.FromMilliseconds(5),
            Chunk("\"content\":\"<think>\""),
            Chunk("\"content\":\"Let me think.\""),
            Chunk("\"content\":\"</think>\\n\\n\""),
            Chunk("\"content\":\"Answer\""),
            Chunk("\"content\":\" <think> is just text now\""));
        Assert.Equal(5, capture.Timer.TextEvents);
        double[] arrivals = capture.Timer.ArrivalsMs();
        Assert.Equal(arrivals[3], capture.Timer.Since(capture.Timer.FirstAnswerToken));
        Assert.True(capture.Timer.FirstAnswerToken > capture.Timer.FirstToken);
        Assert.StartsWith("<think>Let me think.</think>", capture.Text.Span.ToString(), StringComparison.Ordinal); // kept as sent
    }

    [Theory]
    [InlineData("Hello <think>")]
    [InlineData("<think></think>Hello")]
    public async Task An_answer_that_does_not_open_a_think_block_is_answer_at_once(string first)
    {
        using var capture = await ReadAsync(TimeSpan.FromMilliseconds(2), Chunk($"\"content\":\"{first}\""), Chunk("\"content\":\" more\""));
        Assert.Equal(capture.Timer.FirstToken, capture.Timer.FirstAnswerToken);
    }

    [Fact]
    public async Task Reasoning_counts_for_ttft_but_not_ttfat()
    {
        using var capture = await ReadAsync(
            TimeSpan.FromMilliseconds(5),
            Chunk("\"reasoning_content\":\"Let me think.\""),
            Chunk("\"reasoning\":\" Done.\""),
            Chunk("\"content\":\"Answer\""),
            """data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":9,"completion_tokens_details":{"reasoning_tokens":6}}}""" + "\n\n");
        Assert.Equal(3, capture.Timer.TextEvents);
        Assert.True(capture.Timer.FirstAnswerToken > capture.Timer.FirstToken);
        Assert.Equal(capture.Timer.LastToken, capture.Timer.FirstAnswerToken);
        Assert.Equal(6, capture.Usage!.ReasoningTokens);
    }

    [Fact]
    public async Task Frames_arriving_in_one_read_share_its_arrival_time()
    {
        using var capture = await ReadAsync(TimeSpan.FromMilliseconds(5), Chunk("\"content\":\"a\"") + Chunk("\"content\":\"b\""), Chunk("\"content\":\"c\""));
        Assert.Equal(3, capture.Timer.TextEvents);
        double[] arrivals = capture.Timer.ArrivalsMs();
        Assert.Equal(arrivals[0], arrivals[1]);
        Assert.True(arrivals[2] > arrivals[1]);
    }

    [Fact]
    public async Task Escaped_and_multibyte_text_is_counted_in_characters()
    {
        using var capture = await ReadAsync(Chunk("\"content\":\"caf\\u00e9 \\\"q\\\" \u65e5\u672c\""));
        Assert.Equal("café \"q\" 日本", capture.Text.Span.ToString());
        Assert.Equal(11, capture.Timer.GeneratedChars);
    }

    [Fact]
    public async Task Deepseek_cache_hits_count_as_cached_input()
    {
        using var capture = await ReadAsync(
            Chunk("\"content\":\"x\""),
            """data: {"choices":[],"usage":{"prompt_tokens":100,"completion_tokens":1,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}}""" + "\n\n");
        Assert.Equal(64, capture.Usage!.CachedInputTokens);
        Assert.Equal(36, capture.Usage.UncachedInputTokens);
    }

    [Theory]
    [InlineData("""data: {"error":{"message":"Internal error","type":"server_error"}}""", "Internal error")]
    [InlineData("""data: {"choices":[],"x_groq":{"error":{"message":"overloaded"}}}""", "overloaded")]
    [InlineData("""data: {"error":"plain text"}""", "plain text")]
    public async Task Errors_inside_a_200_stream_are_server_failures(string frame, string message)
    {
        using var capture = await ReadAsync(Chunk("\"content\":\"a\""), frame + "\n\n", Chunk("\"content\":\"after\""));
        Assert.Equal(FailureKind.Server, capture.Failure);
        Assert.Contains(message, capture.FailureMessage);
        Assert.Equal(1, capture.Timer.TextEvents);
    }

    [Fact]
    public async Task A_null_error_field_is_not_an_error()
    {
        using var capture = await ReadAsync(Chunk("\"content\":\"a\"", ",\"error\":null"));
        Assert.Null(capture.Failure);
    }

    [Theory]
    [InlineData("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}\n\n")]
    [InlineData("data: [1,2]\n\n")]
    public async Task Malformed_frames_are_protocol_failures(string frame)
    {
        using var capture = await ReadAsync(frame);
        Assert.Equal(FailureKind.Protocol, capture.Failure);
    }

    [Theory]
    [InlineData("""{"error":{"message":"Invalid API key","type":"invalid_request_error"}}""", "Invalid API key")]
    [InlineData("""{"message":"Model not found","type":"not_found_error","code":"model_not_found"}""", "Model not found")]
    [InlineData("not json", null)]
    public void Error_bodies_of_the_family_yield_their_message(string body, string? message)
        => Assert.Equal(message, new OpenAiChatFormat().ReadErrorMessage(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task Openrouter_cost_and_processing_comments_are_kept()
    {
        using var capture = await ReadAsync(
            ": OPENROUTER PROCESSING\n\n",
            Chunk("\"content\":\"x\""),
            """data: {"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11,"cost":0.0000123}}""" + "\n\n");
        Assert.Equal(0.0000123m, capture.ProviderCostUsd);
        Assert.Equal(1, capture.Timer.TextEvents);
    }

    [Fact]
    public async Task Sambanova_usage_timings_and_llamacpp_timings_are_kept_raw_beside_client_timings()
    {
        using var samba = await ReadAsync(
            Chunk("\"content\":\"x\""),
            """data: {"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":50,"time_to_first_token":0.12,"total_latency":0.5,"completion_tokens_after_first_per_sec":420.5}}""" + "\n\n");
        Assert.Equal(120, samba.ServerTimings!.FirstTokenMs!.Value, precision: 9);
        Assert.Equal(420.5, samba.ServerTimings.OutputTokensPerSecond);

        using var llama = await ReadAsync(
            Chunk("\"content\":\"x\""),
            """data: {"choices":[],"usage":{"completion_tokens":57,"prompt_tokens":84,"total_tokens":141},"timings":{"cache_n":83,"prompt_n":1,"prompt_ms":8.996,"predicted_n":57,"predicted_ms":484.01,"predicted_per_second":117.77}}""" + "\n\n");
        Assert.Equal("timings", llama.ServerTimings!.Source);
        Assert.Equal(8.996, llama.ServerTimings.PromptMs);
        Assert.Equal(117.77, llama.ServerTimings.OutputTokensPerSecond);
        Assert.Equal(57, llama.Usage!.OutputTokens);
    }
}
