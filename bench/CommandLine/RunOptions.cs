using System.CommandLine;
using SpeedKings.Bench.Budgeting;
using SpeedKings.Bench.Configuration;
using SpeedKings.Bench.Faults;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Statistics;

namespace SpeedKings.Bench.CommandLine;

/// <summary>
/// The options a run owns, because the budget plans with them: money, request counts, concurrency, timeout, resume.
/// BenchmarkDotNet parses the rest (<c>--filter</c>, <c>--list</c>, <c>--envVars</c>…); the validators refuse whatever
/// it parses that would add requests the plan did not count.
/// </summary>
internal sealed class RunOptions
{
    private readonly Option<decimal> _budget = new Option<decimal>("--budget")
    {
        Description = $"Most the run may spend, in USD (else {BudgetSetting.Variable}, else {BudgetSetting.DefaultUsd})",
        HelpName = "USD",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(BudgetSetting.Variable) is { Length: > 0 } set
            ? BudgetSetting.Parse(set, BudgetSetting.Variable)
            : BudgetSetting.DefaultUsd,
    }.Parsed(text => BudgetSetting.Parse(text, "--budget"));

    private readonly Option<int> _measured = new Option<int>("--iterationCount")
    {
        Description = "Measured requests per case (per stream at a concurrency above 1)",
        HelpName = "N",
        DefaultValueFactory = _ => PaidCallJob.DefaultIterationCount,
    }.Parsed(text => OptionParsing.Count(text, "--iterationCount", 1, 1000));

    private readonly Option<int> _warmup = new Option<int>("--warmupCount")
    {
        Description = "Warmup requests per case; costly cloud requests skip warmup whatever this says",
        HelpName = "N",
        DefaultValueFactory = _ => PaidCallJob.DefaultWarmupCount,
    }.Parsed(text => OptionParsing.Count(text, "--warmupCount", 0, 1000));

    private readonly Option<IReadOnlyList<int>> _concurrency = new Option<IReadOnlyList<int>>("--concurrency")
    {
        Description = "Streams at once per iteration, one case per level (loopback, local and custom endpoints only)",
        HelpName = "1,8,32",
        DefaultValueFactory = _ => [1],
    }.Parsed(text => ConcurrencyLevels.Parse(text, "--concurrency"));

    private readonly Option<double> _timeoutSeconds = new Option<double>("--timeout")
    {
        Description = "Seconds a request may take before it is recorded as a timeout",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => RequestTimeout.Default.TotalSeconds,
    }.Parsed(text => RequestTimeout.Parse(text, "--timeout").TotalSeconds);

    private readonly Option<ServiceLevels?> _slo = new Option<ServiceLevels?>("--slo")
    {
        Description = "Objectives a request must meet to count for goodput: ttft, tpot, e2e (e.g. ttft=500ms,tpot=50ms,e2e=10s)",
        HelpName = "ttft=500ms,…",
    }.Parsed(text => ServiceLevels.Parse(text, "--slo"));

    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print the estimate and stop" };

    private readonly Option<bool> _resume = new("--resume")
    {
        Description = "Carry on the latest interrupted run: its records and ledger continue, finished cases are not sent again",
    };

    private readonly Option<string?> _prompts = new("--prompts")
    {
        Description = "Your own prompts instead of data/prompts.json: a .json (that schema) or .jsonl file (one request a line), or a folder of .txt/.md files",
        HelpName = "PATH",
    };

    private readonly Option<string?> _artifacts = ArtifactsOption.Create();

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_budget, _measured, _warmup, _concurrency, _timeoutSeconds, _slo, _dryRun, _resume, _prompts, _artifacts])
            command.Options.Add(option);
        // Everything else is BenchmarkDotNet's: its own parser reads it (and refuses what it does not know).
        command.TreatUnmatchedTokensAsErrors = false;
    }

    public RunArguments Bind(ParseResult result, SuitePaths paths, IReadOnlyList<string> commandLine) => new(
        result.GetValue(_budget),
        result.GetValue(_warmup),
        result.GetValue(_measured),
        result.GetValue(_concurrency)!,
        TimeSpan.FromSeconds(result.GetValue(_timeoutSeconds)),
        result.GetValue(_slo),
        result.GetValue(_dryRun),
        result.GetValue(_resume),
        ArtifactsOption.Resolve(result.GetValue(_artifacts), paths),
        result.GetValue(_prompts) is { } prompts ? paths.FromInvocation(prompts) : null,
        result.UnmatchedTokens,
        commandLine);
}
