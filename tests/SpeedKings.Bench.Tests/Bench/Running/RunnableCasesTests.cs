using BenchmarkDotNet.Running;
using SpeedKings.Bench.Configuration;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Diagnosers;
using SpeedKings.Bench.Load;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Prompts;
using SpeedKings.Bench.Running;

namespace SpeedKings.Bench.Tests.Bench.Running;

/// <summary>
/// The cases come from BenchmarkDotNet's own parser and converter under the suite's config; the suite only removes
/// what cannot run and refuses, in one sentence, what the budget did not plan.
/// </summary>
public class RunnableCasesTests
{
    private static readonly RunContext Run = new()
    {
        RunId = "test",
        RunFolder = Path.Combine(Path.GetTempPath(), "speedkings-cases-" + Guid.NewGuid().ToString("N")),
        BudgetUsd = 0.25m,
        Warmup = 1,
        Measured = 5,
        Concurrency = [1, 4],
        RequestTimeoutSeconds = 120,
        Prompts = [Prompt("Short"), Prompt("Medium"), Prompt("Long")],
        Targets = [Target("loopback", ProviderKind.Reference, null), Target("cerebras", ProviderKind.Cloud, "set CEREBRAS_API_KEY"), Target("groq", ProviderKind.Cloud, "set GROQ_API_KEY")],
    };

    private static PromptDefinition Prompt(string id) => new(id, id, null, "Say hi.", 10, 20, 64);

    private static RunTarget Target(string id, ProviderKind kind, string? problem)
    {
        var descriptor = new ProviderDescriptor(id, id, kind, "openai-chat", new Uri("https://x.invalid/v1"), AuthScheme.Bearer,
            [$"{id.ToUpperInvariant()}_API_KEY"], "m", "max_tokens", true);
        var price = new Price(id, "*", new DateOnly(2020, 1, 1), 1, 1, 1, "test", Notional: true);
        return new RunTarget(id, descriptor, "m", problem is null ? new Uri("http://127.0.0.1:1/v1") : null, problem, price, "m");
    }

    private static (BenchmarkCase[] Cases, string? Problem) Select(params string[] args)
    {
        RunContext.Use(Run);
        var diagnoser = new RequestMetricsDiagnoser(Run, new Dictionary<string, (string, ApiKey)>());
        var (config, options) = BenchmarkCases.Parse(args, InferenceConfig.Create(Run, diagnoser, Run.RunFolder, []))!.Value;
        var (send, _, problem) = RunnableCases.Select(BenchmarkCases.Convert(config).BenchmarksCases, Run, [.. options.Filters], config, resume: false, log: null);
        return (send, problem);
    }

    [Theory]
    [InlineData("*", 6)]                          // 3 prompts × concurrency 1 and 4, loopback only
    [InlineData("*loopback*", 6)]
    [InlineData("*Short*", 2)]
    [InlineData("*InferenceBenchmarks*", 6)]
    [InlineData("*Concurrency: 4*", 3)]           // every param is in the full name BenchmarkDotNet matches
    public void Filters_select_configured_cases_the_way_BenchmarkDotNet_matches_them(string filter, int expected)
    {
        var (cases, problem) = Select("--filter", filter);
        Assert.Null(problem);
        Assert.Equal(expected, cases.Length);
        Assert.All(cases, c => Assert.Equal("loopback", CaseParams.Of(c).Provider));
    }

    [Theory]
    [InlineData("--filter")]
    [InlineData("-f")]
    public void Both_spellings_and_several_values_of_the_filter_reach_BenchmarkDotNet(string flag)
    {
        var (cases, _) = Select(flag, "*Short*", "*Long*");
        Assert.Equal(["Long", "Short"], cases.Select(c => CaseParams.Of(c).Prompt).Distinct().Order());
    }

    [Fact]
    public void Concurrency_above_one_goes_only_to_endpoints_the_user_owns()
    {
        RunContext.Use(Run);
        var diagnoser = new RequestMetricsDiagnoser(Run, new Dictionary<string, (string, ApiKey)>());
        var (config, _) = BenchmarkCases.Parse(["--filter", "*"], InferenceConfig.Create(Run, diagnoser, Run.RunFolder, []))!.Value;
        BenchmarkCase[] all = BenchmarkCases.Convert(config).BenchmarksCases;
        Assert.DoesNotContain(all, c => CaseParams.Of(c) is { Provider: "cerebras", Concurrency: 4 });
        Assert.Contains(all, c => CaseParams.Of(c) is { Provider: "cerebras", Concurrency: 1 });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rates_are_cases_at_the_concurrency_cap_and_reach_paid_providers_only_when_allowed(bool allowPaidLoad)
    {
        RunContext run = Run with { Concurrency = [1], OpenLoop = new OpenLoop([2, 8], ArrivalPattern.Poisson, 16, 10), AllowPaidLoad = allowPaidLoad };
        RunContext.Use(run);
        var diagnoser = new RequestMetricsDiagnoser(run, new Dictionary<string, (string, ApiKey)>());
        var (config, _) = BenchmarkCases.Parse(["--filter", "*Short*"], InferenceConfig.Create(run, diagnoser, run.RunFolder, []))!.Value;
        var loads = BenchmarkCases.Convert(config).BenchmarksCases.Select(CaseParams.Of).ToList();

        // One closed-loop level and two rates at the cap: never a rate at another level, nor 16 streams all at once.
        Assert.Equal(
            [(1, "inf"), (16, "2/s"), (16, "8/s")],
            loads.Where(p => p.Provider == "loopback").Select(p => (p.Concurrency, p.Rate)).Order());
        var paid = loads.Where(p => p.Provider == "cerebras").Select(p => (p.Concurrency, p.Rate)).Order().ToList();
        Assert.Equal(allowPaidLoad ? [(1, "inf"), (16, "2/s"), (16, "8/s")] : [(1, "inf")], paid);
        Assert.Equal(80, new CaseParams("loopback", "Short", 16, "8/s").RequestsPerIteration(run)); // 8/s × 10 s
        RunContext.Use(Run);
    }

    [Fact]
    public void A_filter_for_an_unconfigured_provider_names_its_variable()
        => Assert.Equal("cerebras is not configured: set CEREBRAS_API_KEY to benchmark it.", Select("--filter", "*Cerebras*").Problem);

    [Fact]
    public void A_filter_that_matches_nothing_lists_what_exists()
        => Assert.Equal(
            "no benchmark matches '*Mistral*'; providers: loopback, cerebras, groq; prompt sizes: Short, Medium, Long.",
            Select("--filter", "*Mistral*").Problem);

    [Theory]
    [InlineData("-i", "-i/--inProcess")]
    [InlineData("--inProcess", "-i/--inProcess")]
    [InlineData("--launchCount", "2", "--launchCount 2 would repeat every request")]
    [InlineData("--invocationCount", "4", "--invocationCount/--unrollFactor")]
    [InlineData("--unrollFactor", "2", "--invocationCount/--unrollFactor")]
    [InlineData("-j", "short", "the job ShortRun was added by an option")]
    [InlineData("--job", "dry", "the job Dry was added by an option")]
    [InlineData("--strategy", "Throughput", "the Throughput strategy adds pilot")]
    [InlineData("-m", "MemoryDiagnoser")]
    [InlineData("--memory", "MemoryDiagnoser")]
    [InlineData("--threading", "ThreadingDiagnoser")]
    public void Options_that_would_add_requests_are_refused_whatever_their_spelling(params string[] argsThenMessage)
    {
        string[] args = [.. argsThenMessage[..^1], "--filter", "*loopback*Short*"];
        string? problem = Select(args).Problem;
        Assert.NotNull(problem);
        Assert.Contains(argsThenMessage[^1], problem, StringComparison.Ordinal);
        Assert.Contains("leave", problem, StringComparison.Ordinal); // every refusal says what to do
    }

    [Fact]
    public void Options_that_only_change_the_environment_are_accepted_and_keep_the_run_context_beside_them()
    {
        var (cases, problem) = Select("--envVars", "KEY:VALUE", "--filter", "*loopback*Short*");
        Assert.Null(problem);
        // BenchmarkDotNet's --envVars replaces the job's variables; the benchmark process must still find its run context.
        Assert.All(cases, c => Assert.Equal(
            ["KEY=VALUE", $"{RunContext.Variable}={Run.FilePath}", "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1", "DOTNET_TieredCompilation=0"],
            c.Job.Environment.EnvironmentVariables.Select(v => $"{v.Key}={v.Value}")));
    }
}
