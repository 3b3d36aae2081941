using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Anthropic;
using SpeedKings.Bench.Providers.Cohere;
using SpeedKings.Bench.Providers.Gemini;
using SpeedKings.Bench.Providers.Ollama;
using SpeedKings.Bench.Tests.Providers.Streaming;

namespace SpeedKings.Bench.Tests.Providers;

/// <summary>The native wire formats, fed the documented shapes as bytes.</summary>
public class NativeFormatParsingTests
{
    [Fact]
    public async Task Anthropic_takes_input_from_message_start_and_the_last_running_output_total()
    {
        using var capture = await StreamFeed.ReadAsync(new AnthropicMessagesFormat(),
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":400,\"cache_read_input_tokens\":24,\"output_tokens\":1}}}\n\n",
            "event: ping\ndata: {\"type\": \"ping\"}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm.\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":60}}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"output_tokens\":119}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"late\"}}\n\n");
        Assert.Equal(new TokenUsage(424, 24, 119, null, UsageSource.Reported), capture.Usage);
        Assert.Equal(2, capture.Timer.TextEvents);
        Assert.Equal("Hmm.Hello", capture.Text.Span.ToString());
        Assert.Equal("end_turn", capture.FinishReason);
    }

    [Fact]
    public async Task Anthropic_overloaded_event_inside_a_200_stream_is_a_rate_limit()
    {
        using var capture = await StreamFeed.ReadAsync(new AnthropicMessagesFormat(),
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
        Assert.Equal(FailureKind.RateLimited, capture.Failure);
        Assert.Contains("Overloaded", capture.FailureMessage);
    }

    [Fact]
    public async Task Gemini_reads_crlf_frames_thoughts_and_the_running_usage_to_the_end_of_the_body()
    {
        using var capture = await StreamFeed.ReadAsync(new GeminiStreamFormat(),
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Plan.\",\"thought\":true}],\"role\":\"model\"}}],\"usageMetadata\":{\"promptTokenCount\":146,\"thoughtsTokenCount\":4}}\r\n\r\n",
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi \"},{\"text\":\"there\"}],\"role\":\"model\"}}],\"usageMetadata\":{\"promptTokenCount\":146,\"candidatesTokenCount\":2,\"thoughtsTokenCount\":4}}\r\n\r\n",
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"!\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":146,\"candidatesTokenCount\":12,\"thoughtsTokenCount\":4,\"totalTokenCount\":162}}\r\n\r\n");
        Assert.Equal(new TokenUsage(146, 0, 16, 4, UsageSource.Reported), capture.Usage);
        Assert.Equal(3, capture.Timer.TextEvents);
        Assert.Equal(5, capture.Timer.FirstEventChars);
        Assert.True(capture.Timer.FirstAnswerToken != 0);
        Assert.Equal("STOP", capture.FinishReason);
    }

    [Fact]
    public void Gemini_error_body_in_an_array_yields_its_message()
        => Assert.Equal("Resource exhausted", new GeminiStreamFormat().ReadErrorMessage(
            "[{\"error\":{\"code\":429,\"message\":\"Resource exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}]"u8));

    [Fact]
    public async Task Cohere_reads_content_deltas_and_billed_usage_from_message_end()
    {
        using var capture = await StreamFeed.ReadAsync(new CohereChatFormat(),
            "event: message-start\ndata: {\"id\":\"x\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[]}}}\n\n",
            "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n",
            "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hello\"}}}}\n\n",
            "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n",
            "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":10},\"tokens\":{\"input_tokens\":71,\"output_tokens\":10}}}}\n\n",
            "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"late\"}}}}\n\n");
        Assert.Equal(new TokenUsage(5, 0, 10, null, UsageSource.Reported), capture.Usage);
        Assert.Equal(1, capture.Timer.TextEvents);
        Assert.Equal("COMPLETE", capture.FinishReason);
    }

    [Fact]
    public async Task Ollama_lines_split_across_reads_end_at_done_with_durations_in_milliseconds()
    {
        const string last = "{\"model\":\"llama3.2\",\"created_at\":\"t\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":4883583458,\"load_duration\":1334875,\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,\"eval_count\":282,\"eval_duration\":4535599000}\n";
        using var capture = await StreamFeed.ReadAsync(new OllamaChatFormat(),
            "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"thinking\":\"Let me see\"},\"done\":false}\n{\"model\":\"llama3.2\",\"mess",
            "age\":{\"role\":\"assistant\",\"content\":\"The\"},\"done\":false}\r\n",
            last[..40], last[40..],
            "{\"message\":{\"content\":\"late\"},\"done\":false}\n");
        Assert.Equal(new TokenUsage(26, 0, 282, null, UsageSource.Reported), capture.Usage);
        Assert.Equal("Let me seeThe", capture.Text.Span.ToString());
        Assert.Equal(2, capture.Timer.TextEvents);
        Assert.Equal(1.334875, capture.ServerTimings!.LoadMs!.Value, precision: 9);
        Assert.Equal(342.546, capture.ServerTimings.PromptMs!.Value, precision: 9);
        Assert.Equal("stop", capture.FinishReason);
    }

    [Fact]
    public async Task Ollama_error_line_is_a_server_failure()
    {
        using var capture = await StreamFeed.ReadAsync(new OllamaChatFormat(), "{\"error\":\"model 'x' not found\"}\n");
        Assert.Equal(FailureKind.Server, capture.Failure);
        Assert.Contains("model 'x' not found", capture.FailureMessage);
    }
}
