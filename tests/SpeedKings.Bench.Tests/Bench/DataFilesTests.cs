using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Providers.Tokens;

namespace SpeedKings.Bench.Tests.Bench;

/// <summary>The shipped data files load, and their numbers agree with what they describe.</summary>
public class DataFilesTests
{
    private static readonly SuiteData Data = SuiteData.Load(SuitePaths.Locate());

    [Fact]
    public void Expected_input_tokens_are_the_tokenizers_count_of_each_prompt()
    {
        foreach (var prompt in Data.Prompts.Prompts.Where(p => !p.IsContext))
        {
            int counted = TokenCounter.Default.Count(prompt.System) + TokenCounter.Default.Count(prompt.User);
            Assert.True(counted == prompt.ExpectedInputTokens, $"{prompt.Id}: prompts.json says {prompt.ExpectedInputTokens}, o200k_base counts {counted}");
        }
    }

    [Fact]
    public void The_three_standard_prompt_sizes_the_three_context_classes_their_cached_twins_and_a_conversation_are_there()
    {
        Assert.Equal(["Short", "Medium", "Long", "Ctx1k", "Ctx10k", "Ctx100k", "Ctx10kCached", "Ctx100kCached", "Convo4"], Data.Prompts.Prompts.Select(p => p.Id));
        Assert.Equal([1000, 10000, 100000, 10000, 100000, 2000], Data.Prompts.Prompts.Where(p => p.IsContext).Select(p => p.ContextTokens!.Value));
        Assert.Equal(["Ctx10kCached", "Ctx100kCached"], Data.Prompts.Prompts.Where(p => p.SharesPrefix).Select(p => p.Id));
        Assert.Equal(["Convo4"], Data.Prompts.Prompts.Where(p => p.IsConversation).Select(p => p.Id));
        Assert.Equal(4, Data.Prompts.Find("Convo4").TurnCount);
    }

    [Theory]
    [InlineData("*Groq*Ctx10k*", new[] { "Ctx10k", "Ctx10kCached" })]   // a class and its cached twin, side by side
    [InlineData("*Cached*", new[] { "Ctx10kCached", "Ctx100kCached" })]
    [InlineData("*Ctx1k*", new[] { "Ctx1k" })]                            // not Ctx10k: "Ctx1k" is no part of it
    [InlineData("*Convo*", new[] { "Convo4" })]
    [InlineData("*loopback*", new string[0])]                             // a context class is never sent unasked
    public void Context_classes_are_selected_by_the_literal_parts_of_a_filter(string filter, string[] expected)
        => Assert.Equal(expected, Data.Prompts.Prompts.Where(p => p.IsContext && p.IsSelectedBy([filter])).Select(p => p.Id));

    [Fact]
    public void Every_catalog_provider_with_a_default_model_has_a_price()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var unpriced = Data.Catalog.Providers
            .Where(p => Data.Prices.Find(p.Id, p.DefaultModel, today) is null)
            .Select(p => p.Id)
            .ToList();
        // Providers not yet listed are known gaps, named here on purpose.
        Assert.Equal(["together", "openrouter", "cohere"], unpriced);
    }

    [Fact]
    public void The_loopback_reference_is_always_in_the_catalog_with_a_schedule()
    {
        Assert.True(Data.Catalog.TryFind(EmbeddedLoopback.ProviderId, out var loopback));
        Assert.NotNull(loopback.Schedule);
        Assert.Equal("reference: TTFT 20 ms, 500 tok/s, 4 tok/chunk", EmbeddedLoopback.Describe(loopback));
    }
}
