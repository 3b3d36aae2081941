using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Tests.Bench;

public class FilterPreflightTests
{
    private static readonly FilterPreflight Preflight = new(
        [Status("loopback", configured: true), Status("cerebras", configured: false), Status("groq", configured: false)],
        ["Short", "Medium", "Long"],
        ["SpeedKings.Bench.Benchmarks.InferenceBenchmarks.Completion"]);

    private static ProviderStatus Status(string id, bool configured)
    {
        var descriptor = new ProviderDescriptor(id, id, ProviderKind.Cloud, "openai-chat", new Uri("https://x"), AuthScheme.Bearer,
            [$"{id.ToUpperInvariant()}_API_KEY"], "m", "max_tokens", true);
        return configured ? ProviderStatus.Ready(descriptor, [], ["m"]) : ProviderStatus.Missing(descriptor, $"set {descriptor.PrimaryKeyVariable}");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("*loopback*")]
    [InlineData("*Short*")]
    [InlineData("*InferenceBenchmarks*")]
    public void Filters_that_match_a_configured_case_pass(string filter) => Assert.Null(Preflight.Problem([filter]));

    [Fact]
    public void A_filter_for_an_unconfigured_provider_names_its_variable()
        => Assert.Equal("cerebras is not configured: set CEREBRAS_API_KEY to benchmark it.", Preflight.Problem(["*Cerebras*"]));

    [Fact]
    public void A_filter_that_matches_nothing_lists_what_exists()
        => Assert.Equal("no benchmark matches '*Mistral*'; providers: loopback, cerebras, groq; prompt sizes: Short, Medium, Long.", Preflight.Problem(["*Mistral*"]));

    [Fact]
    public void Filters_are_read_from_both_spellings_and_several_values()
        => Assert.Equal(["*a*", "*b*", "*c*"], FilterPreflight.FiltersIn(["--filter", "*a*", "*b*", "--iterationCount", "3", "-f", "*c*"]));
}
