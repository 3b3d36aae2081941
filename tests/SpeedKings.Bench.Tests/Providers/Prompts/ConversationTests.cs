using System.Text;
using System.Text.Json;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;
using SpeedKings.Bench.Providers.Anthropic;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Gemini;
using SpeedKings.Bench.Providers.OpenAi;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Tests.Providers.Prompts;

public class ConversationTests
{
    private static PromptDefinition ThreeTurns() => PromptSet.Read(JsonDataFile.Parse("prompts.json", Encoding.UTF8.GetBytes("""
        { "version": "v", "prompts": [ { "id": "Talk", "description": "d", "system": "Be brief.",
            "turns": ["First question?", "Second question?", "Third question?"], "expectedOutputTokens": 50, "maxTokens": 128 } ] }
        """))).Find("Talk");

    [Fact]
    public void A_conversations_input_is_planned_turn_by_turn_and_reserved_at_its_last_turn()
    {
        // Turns carry 100, 100 + 10 + 50 = 160 and 160 + 20 + 50 = 230 tokens: a mean of 163; at worst 100 + 10 + 128 + 20 + 128.
        Assert.Equal((163, 386), PromptDefinition.ConversationInput(100, [10, 20], 50, 128));
    }

    [Fact]
    public void A_conversation_is_read_from_its_turns()
    {
        PromptDefinition talk = ThreeTurns();
        Assert.Equal(3, talk.TurnCount);
        Assert.Equal("First question?", talk.User);
        Assert.Equal(["Second question?", "Third question?"], talk.FollowUps);
        Assert.True(talk.WorstInputTokens > talk.ExpectedInputTokens + 2 * 128 - 2 * 50);
    }

    [Theory]
    [InlineData("""["Only one"]""", "prompts.json: prompts[0].turns: expected at least two turns for a conversation, found 1")]
    [InlineData("""["One", 2]""", "prompts.json: prompts[0].turns[1]: expected a question's text")]
    public void A_malformed_conversation_is_refused_with_its_place(string turns, string expected)
    {
        string json = $$"""{ "version": "v", "prompts": [ { "id": "T", "description": "d", "turns": {{turns}}, "expectedOutputTokens": 5, "maxTokens": 8 } ] }""";
        var error = Assert.Throws<DataFileException>(() => PromptSet.Read(JsonDataFile.Parse("prompts.json", Encoding.UTF8.GetBytes(json))));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_next_turn_carries_every_question_and_the_answers_they_got()
    {
        PromptDefinition talk = ThreeTurns();
        ChatRequest third = ChatRequest.From(talk).Next(talk, "Answer one.").Next(talk, "Answer two.");
        Assert.Equal(3, third.Turn);
        Assert.Equal("Third question?", third.User);

        using JsonDocument body = JsonDocument.Parse(new OpenAiChatFormat().Prepare(Endpoint("openai-chat"), third).Body);
        string[] messages = [.. body.RootElement.GetProperty("messages").EnumerateArray().Select(m => $"{m.GetProperty("role").GetString()}: {m.GetProperty("content").GetString()}")];
        Assert.Equal(["system: Be brief.", "user: First question?", "assistant: Answer one.", "user: Second question?", "assistant: Answer two.", "user: Third question?"], messages);
        Assert.Throws<InvalidOperationException>(() => third.Next(talk, "Answer three."));
    }

    [Fact]
    public void Gemini_calls_the_assistant_model()
    {
        PromptDefinition talk = ThreeTurns();
        ChatRequest second = ChatRequest.From(talk).Next(talk, "Answer one.");
        using JsonDocument body = JsonDocument.Parse(new GeminiStreamFormat().Prepare(Endpoint("gemini-native"), second).Body);
        Assert.Equal(["user", "model", "user"], body.RootElement.GetProperty("contents").EnumerateArray().Select(c => c.GetProperty("role").GetString()));
    }

    [Fact]
    public void Anthropic_marks_the_end_of_each_turn_and_sends_the_history_as_it_was_sent()
    {
        PromptDefinition talk = ThreeTurns();
        ChatRequest first = ChatRequest.From(talk);
        ChatRequest second = first.Next(talk, "Answer one.");
        string Messages(ChatRequest request)
        {
            using JsonDocument body = JsonDocument.Parse(new AnthropicMessagesFormat().Prepare(Endpoint("anthropic-messages"), request).Body);
            return body.RootElement.GetProperty("messages").GetRawText();
        }

        string turnOne = Messages(first), turnTwo = Messages(second);
        Assert.Equal(1, CountOf(turnOne, "cache_control"));
        Assert.Equal(1, CountOf(turnTwo, "cache_control"));
        // The second turn begins with the first turn's question exactly as it went, up to where the first marked it.
        string unmarked = turnOne[..turnOne.IndexOf(",\"cache_control\"", StringComparison.Ordinal)];
        Assert.StartsWith(unmarked, turnTwo, StringComparison.Ordinal);
    }

    [Fact]
    public void Turn_figures_are_per_turn_over_the_successful_requests()
    {
        RequestRecord Turn(int turn, int input, int cached, double ttft, decimal cost, bool ok = true) => new()
        {
            Provider = "p", Model = "m", Prompt = "Talk", StartedUtc = DateTimeOffset.UnixEpoch, Turn = turn,
            FirstTokenMs = ttft, LastTokenMs = ttft + 100, CostUsd = cost,
            Usage = new TokenUsage(input, cached, 10, null, UsageSource.Reported),
            Failure = ok ? null : FailureKind.Server,
        };

        IReadOnlyList<TurnFigures> turns = TurnFigures.Of([Turn(1, 1000, 0, 200, 0.002m), Turn(2, 1200, 1000, 40, 0.001m), Turn(1, 1000, 0, 220, 0.002m), Turn(2, 1300, 1100, 60, 0.001m), Turn(2, 1, 0, 9999, 9m, ok: false)]);
        Assert.Equal([1, 2], turns.Select(t => t.Turn));
        Assert.Equal(new TurnFigures(1, 2, 1000, 0, 210, 310, 0.002m), turns[0]);
        Assert.Equal(new TurnFigures(2, 2, 1250, 2100 / 2500.0, 50, 150, 0.001m), turns[1]);
        Assert.Empty(TurnFigures.Of([Turn(1, 1, 0, 1, 0m) with { Turn = null }]));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static ProviderEndpoint Endpoint(string format)
    {
        var descriptor = new ProviderDescriptor("p", "p", ProviderKind.Cloud, format, new Uri("http://127.0.0.1:1/v1"), AuthScheme.Bearer, ["P_API_KEY"], "m", "max_tokens", true);
        return new ProviderEndpoint(descriptor, new Uri("http://127.0.0.1:1/v1/"), "m", new ApiKey(""));
    }
}
