using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;
using SpeedKings.Bench.Providers.Tokens;

namespace SpeedKings.Bench.Tests.Bench;

/// <summary>The shipped data files load, and their numbers agree with what they describe.</summary>
public class DataFilesTests
{
    private static readonly SuiteData Data = SuiteData.Load(SuitePaths.Locate());

    [Fact]
    public void Expected_input_tokens_are_the_tokenizers_count_of_each_prompt()
    {
        foreach (var prompt in Data.Prompts.Prompts.Where(p => !p.IsContext && p.Task.Kind == InferenceTask.Chat))
        {
            int counted = TokenCounter.Default.Count(prompt.System) + TokenCounter.Default.Count(prompt.User);
            Assert.True(counted == prompt.ExpectedInputTokens, $"{prompt.Id}: prompts.json says {prompt.ExpectedInputTokens}, o200k_base counts {counted}");
        }
    }

    [Fact]
    public void Task_prompts_plan_at_least_their_text_and_an_embedding_batch_at_exactly_its_inputs()
    {
        PromptDefinition embed16 = Data.Prompts.Find("Embed16");
        Assert.Equal(16, embed16.Task.Inputs.Count);
        Assert.Equal(16, embed16.Task.Inputs.Distinct().Count()); // repeats carry their round, so no input is sent twice
        Assert.Equal(embed16.Task.Inputs.Sum(t => TokenCounter.Default.Count(t)), embed16.ExpectedInputTokens);
        Assert.Equal(0, embed16.MaxTokens);
        foreach (var prompt in Data.Prompts.Prompts.Where(p => p.Task.Kind is InferenceTask.Vision or InferenceTask.ToolCall or InferenceTask.Json))
        {
            int text = TokenCounter.Default.Count(prompt.System) + TokenCounter.Default.Count(prompt.User);
            Assert.True(prompt.ExpectedInputTokens > text, $"{prompt.Id}: plans {prompt.ExpectedInputTokens} input tokens, less than its text alone ({text}) and what it attaches");
        }

        // The images are the sizes the descriptions state, read from the PNG header.
        Assert.Equal([(256, 256), (1024, 768)], Data.Prompts.Find("VisionPair").Task.Images.Select(i => (i.Width, i.Height)));
    }

    [Theory]
    [InlineData("*Embed*", new[] { "Embed1", "Embed16" })]
    [InlineData("*loopback*Vision*", new[] { "Vision", "VisionPair" })]
    [InlineData("*ToolCall*", new[] { "ToolCall" })]
    [InlineData("*Json*", new[] { "Json" })]
    [InlineData("*loopback*", new string[0])]                             // a task beyond chat is never sent unasked
    public void Tasks_beyond_chat_are_selected_by_a_filter_naming_them(string filter, string[] expected)
        => Assert.Equal(expected, Data.Prompts.Prompts.Where(p => p.Task.Kind != InferenceTask.Chat && p.IsSelectedBy([filter])).Select(p => p.Id));

    [Fact]
    public void Every_task_model_of_a_cloud_provider_has_a_price()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var unpriced = Data.Catalog.Providers
            .Where(p => p.Kind == ProviderKind.Cloud)
            .SelectMany(p => (p.Tasks ?? new Dictionary<InferenceTask, TaskSupport>()).Where(t => t.Value.Model is not null).Select(t => (p.Id, t.Value.Model!)))
            .Where(t => Data.Prices.Find(t.Id, t.Item2, today) is null)
            .ToList();
        Assert.Empty(unpriced);
    }

    [Fact]
    public void The_three_standard_prompt_sizes_the_three_context_classes_their_cached_twins_and_a_conversation_are_there()
    {
        Assert.Equal(["Short", "Medium", "Long", "Ctx1k", "Ctx10k", "Ctx100k", "Ctx10kCached", "Ctx100kCached", "Convo4", "Embed1", "Embed16", "Vision", "VisionPair", "ToolCall", "Json"], Data.Prompts.Prompts.Select(p => p.Id));
        Assert.Equal(
            [InferenceTask.Embed, InferenceTask.Embed, InferenceTask.Vision, InferenceTask.Vision, InferenceTask.ToolCall, InferenceTask.Json],
            Data.Prompts.Prompts.Where(p => p.Task.Kind != InferenceTask.Chat).Select(p => p.Task.Kind));
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
