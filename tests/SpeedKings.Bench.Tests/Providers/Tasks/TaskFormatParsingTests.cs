using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Anthropic;
using SpeedKings.Bench.Providers.Embeddings;
using SpeedKings.Bench.Providers.Gemini;
using SpeedKings.Bench.Providers.OpenAi;
using SpeedKings.Bench.Tests.Providers.Streaming;

namespace SpeedKings.Bench.Tests.Providers.Tasks;

/// <summary>Tool-call streams and embedding bodies in each format, fed as the documented bytes.</summary>
public class TaskFormatParsingTests
{
    [Fact]
    public async Task OpenAI_tool_call_deltas_join_into_one_call_whose_name_comes_first_and_arguments_in_fragments()
    {
        using var capture = await StreamFeed.ReadAsync(new OpenAiChatFormat(),
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}\n\n",
            "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n",
            "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}\n\n",
            "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\" \\\"Paris\\\"}\"},\"index\":0}]},\"finish_reason\":null}]}\n\n",
            "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
            "data: [DONE]\n\n");

        var call = Assert.Single(capture.ToolCalls);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("{\"city\": \"Paris\"}", call.Arguments.ToString());
        Assert.Equal(2, call.Fragments);
        // Three frames carried the call; two carried arguments, which are the generated text TTFT and speed count.
        Assert.Equal(2, capture.Timer.ToolArgumentEvents);
        Assert.Equal(2, capture.Timer.TextEvents);
        Assert.True(capture.Timer.FirstToolCall > 0 && capture.Timer.FirstToolCall <= capture.Timer.FirstToken);
        Assert.Equal("tool_calls", capture.FinishReason);
        Assert.Equal("", capture.AnswerText()); // arguments are not an answer
    }

    [Fact]
    public async Task Anthropic_tool_use_block_names_the_tool_and_input_json_deltas_carry_its_arguments()
    {
        using var capture = await StreamFeed.ReadAsync(new AnthropicMessagesFormat(),
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":300,\"output_tokens\":1}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking.\"}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Par\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"is\\\"}\"}}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":40}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

        var call = Assert.Single(capture.ToolCalls);
        Assert.Equal((1, "get_weather", "{\"city\": \"Paris\"}", 2), (call.Index, call.Name, call.Arguments.ToString(), call.Fragments));
        Assert.Equal("Checking.", capture.AnswerText());
        Assert.Equal("tool_use", capture.FinishReason);
    }

    [Fact]
    public async Task Gemini_function_call_comes_whole_in_one_part()
    {
        using var capture = await StreamFeed.ReadAsync(new GeminiStreamFormat(),
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\",\"unit\":\"celsius\"}}}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":50,\"candidatesTokenCount\":9}}\r\n\r\n");

        var call = Assert.Single(capture.ToolCalls);
        Assert.Equal(("get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}", 1), (call.Name, call.Arguments.ToString(), call.Fragments));
        Assert.Equal(1, capture.Timer.ToolArgumentEvents);
    }

    [Fact]
    public async Task Each_embedding_format_counts_its_vectors_dimensions_and_usage()
    {
        using var openAi = await StreamFeed.ReadAsync(new OpenAiEmbeddingsFormat(),
            "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,-0.2,3e-2]},",
            "{\"object\":\"embedding\",\"index\":1,\"embedding\":[1,2,3]}],\"model\":\"m\",\"usage\":{\"prompt_tokens\":12,\"total_tokens\":12}}");
        using var ollama = await StreamFeed.ReadAsync(new OllamaEmbedFormat(), "{\"model\":\"m\",\"embeddings\":[[0.1,0.2],[0.3,0.4],[0.5,0.6]],\"prompt_eval_count\":9}");
        using var cohere = await StreamFeed.ReadAsync(new CohereEmbedFormat(),
            "{\"id\":\"x\",\"embeddings\":{\"float\":[[1,2,3,4]]},\"texts\":[\"a\"],\"meta\":{\"billed_units\":{\"input_tokens\":3}}}");
        using var gemini = await StreamFeed.ReadAsync(new GeminiEmbedFormat(), "{\"embeddings\":[{\"values\":[1,2]},{\"values\":[3,4]}]}");

        Assert.Equal((2, (int?)3), openAi.Embeddings);
        Assert.Equal(new TokenUsage(12, 0, 0, null, UsageSource.Reported), openAi.Usage);
        Assert.Equal((3, (int?)2), ollama.Embeddings);
        Assert.Equal(9, ollama.Usage!.InputTokens);
        Assert.Equal((1, (int?)4), cohere.Embeddings);
        Assert.Equal(3, cohere.Usage!.InputTokens);
        Assert.Equal((2, (int?)2), gemini.Embeddings);
        Assert.Null(gemini.Usage); // Gemini reports none: the record estimates it
        // The whole body is one output event, so TTFT and E2E are both the time to the complete response.
        Assert.All([openAi, ollama, cohere, gemini], c => Assert.Equal(1, c.Timer.TextEvents));
    }

    [Fact]
    public async Task A_null_where_an_array_or_object_belongs_is_passed_over_and_the_fields_after_it_still_read()
    {
        using var embeddings = await StreamFeed.ReadAsync(new OpenAiEmbeddingsFormat(), "{\"data\":null,\"usage\":{\"prompt_tokens\":4}}");
        using var cohere = await StreamFeed.ReadAsync(new CohereEmbedFormat(), "{\"embeddings\":null,\"meta\":{\"billed_units\":null,\"api_version\":{}},\"texts\":[]}");
        using var tools = await StreamFeed.ReadAsync(new OpenAiChatFormat(),
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":null,\"index\":0,\"id\":\"c\"},{\"index\":1,\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}\n\n");

        Assert.Equal(4, embeddings.Usage!.InputTokens);
        Assert.Contains("without any embedding", embeddings.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("without any embedding", cohere.FailureMessage, StringComparison.Ordinal);
        Assert.Null(tools.Failure);
        Assert.Equal([(0, null, ""), (1, "f", "{}")], tools.ToolCalls.Select(c => (c.Index, c.Name, c.Arguments.ToString())));
    }

    [Fact]
    public async Task Vectors_of_different_lengths_have_no_dimensions_and_a_body_without_any_is_a_protocol_failure()
    {
        using var mixed = await StreamFeed.ReadAsync(new OpenAiEmbeddingsFormat(), "{\"data\":[{\"embedding\":[1,2,3]},{\"embedding\":[1,2]}]}");
        using var empty = await StreamFeed.ReadAsync(new OpenAiEmbeddingsFormat(), "{\"data\":[],\"usage\":{\"prompt_tokens\":4}}");
        using var notNumbers = await StreamFeed.ReadAsync(new OllamaEmbedFormat(), "{\"embeddings\":[[\"a\"]]}");

        Assert.Equal((2, (int?)null), mixed.Embeddings);
        Assert.Equal(FailureKind.Protocol, empty.Failure);
        Assert.Equal(0, empty.Timer.TextEvents);
        Assert.Equal(FailureKind.Protocol, notNumbers.Failure);
    }
}
