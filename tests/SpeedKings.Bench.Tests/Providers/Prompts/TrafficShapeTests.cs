using Microsoft.ML.Tokenizers;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Tests.Providers.Prompts;

/// <summary>Traffic shapes in GenAI-Bench's notation: parsed, drawn with the spread they name, and sent at their lengths.</summary>
public class TrafficShapeTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    [Theory]
    [InlineData("D(1000,200)", 1000, 1000, 200, 200)]
    [InlineData(" U(500, 1500)/(16,48) ", 500, 1500, 16, 48)]
    [InlineData("N(1000,100)/(200,20)", 600, 1400, 120, 280)]   // a normal is cut at ±4σ
    public void Shapes_parse_with_the_range_their_draws_can_reach(string text, int leastIn, int mostIn, int leastOut, int mostOut)
    {
        TrafficShape shape = TrafficShape.Parse(text, "--shape");
        Assert.Equal((leastIn, mostIn, leastOut, mostOut), (shape.Input.Least, shape.Input.Most, shape.Output.Least, shape.Output.Most));
        Assert.DoesNotContain(' ', shape.Spec);
    }

    [Theory]
    [InlineData("D(1000)")]
    [InlineData("X(1,2)")]
    [InlineData("U(10,5)/(1,2)")]
    [InlineData("D(0,10)")]
    [InlineData("D(1000000,10)")]
    public void Bad_shapes_get_one_sentence(string text)
    {
        string message = Assert.Throws<ArgumentException>(() => TrafficShape.Parse(text, "--shape")).Message;
        Assert.StartsWith("--shape", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Draws_have_the_mean_and_spread_they_name()
    {
        var random = new Random(1);
        TrafficShape normal = TrafficShape.Parse("N(1000,100)/(200,20)", "--shape");
        double[] inputs = [.. Enumerable.Range(0, 20_000).Select(_ => (double)normal.Draw(random).Input)];
        double mean = inputs.Average();
        Assert.InRange(mean, 997, 1003);
        Assert.InRange(Math.Sqrt(inputs.Sum(v => (v - mean) * (v - mean)) / (inputs.Length - 1)), 97, 103);

        TrafficShape uniform = TrafficShape.Parse("U(500,1500)/(16,48)", "--shape");
        int[] outputs = [.. Enumerable.Range(0, 20_000).Select(_ => uniform.Draw(random).Output)];
        Assert.Equal(16, outputs.Min());
        Assert.Equal(48, outputs.Max());
        Assert.InRange(outputs.Average(), 31.7, 32.3);
    }

    [Theory]
    [InlineData(ProviderKind.Local, true)]      // vLLM, llama.cpp, a custom endpoint: the shape's length, forced
    [InlineData(ProviderKind.Cloud, false)]     // a provider refuses fields it does not know: max tokens only
    public void Engines_the_user_runs_are_asked_to_ignore_end_of_sequence(ProviderKind kind, bool forced)
    {
        var descriptor = new ProviderDescriptor("p", "p", kind, "openai-chat", new Uri("http://127.0.0.1:1/v1"), AuthScheme.Bearer, ["P_API_KEY"], "m", "max_tokens", true);
        var endpoint = new ProviderEndpoint(descriptor, new Uri("http://127.0.0.1:1/v1/"), "m", new ApiKey(""));
        ChatRequest request = ChatRequest.From(PromptDefinition.For(TrafficShape.Parse("D(100,32)", "--shape")));
        string body = System.Text.Encoding.UTF8.GetString(new SpeedKings.Bench.Providers.OpenAi.OpenAiChatFormat().Prepare(endpoint, request).Body);
        Assert.Contains("\"max_tokens\":32", body);
        Assert.Equal(forced, body.Contains("\"min_tokens\":32,\"ignore_eos\":true", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(2000)]
    [InlineData(20000)]
    public void A_shaped_request_has_about_its_input_length_and_asks_for_exactly_its_output(int tokens)
    {
        PromptDefinition prompt = PromptDefinition.For(TrafficShape.Parse($"D({tokens},64)", "--shape"));
        ChatRequest a = ChatRequest.From(prompt), b = ChatRequest.From(prompt);
        Assert.InRange(O200k.CountTokens(a.User), tokens * 0.97 - 5, tokens * 1.03 + 5);
        Assert.Equal(64, a.MaxTokens);
        Assert.True(a.ExactLength);
        Assert.NotEqual(a.User[..40], b.User[..40]);   // each request its own from the first tokens
        Assert.True(prompt.VariesPerRequest);
    }

    [Fact]
    public void A_shape_is_planned_at_its_mean_input_and_reserved_at_its_longest()
    {
        PromptDefinition prompt = PromptDefinition.For(TrafficShape.Parse("U(100,900)/(10,20)", "--shape"));
        Assert.Equal(500, prompt.ExpectedInputTokens);
        Assert.Equal(900, prompt.WorstInputTokens);
        Assert.Equal(20, prompt.MaxTokens);
    }
}
