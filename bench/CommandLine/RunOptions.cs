using System.CommandLine;
using SpeedKings.Bench.Budgeting;
using SpeedKings.Bench.Configuration;
using SpeedKings.Bench.Faults;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Load;
using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Statistics;
using SpeedKings.Bench.Providers.Prompts;

using SpeedKings.Bench.Sharding;
using SpeedKings.Bench.Telemetry;

namespace SpeedKings.Bench.CommandLine;

/// <summary>
/// The options a run owns, because the budget plans with them: money, request counts, concurrency and rates, timeout, resume.
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

    private readonly Option<IReadOnlyList<double>?> _rate = new Option<IReadOnlyList<double>?>("--rate")
    {
        Description = "Requests per second, one case per rate, arriving on a schedule (owned endpoints; paid ones with --allow-paid-load)",
        HelpName = "2,4,8",
    }.Parsed(text => RequestRates.Parse(text, "--rate"));

    private readonly Option<int> _maxConcurrency = new Option<int>("--max-concurrency")
    {
        Description = $"With --rate: most requests in flight at once; an arrival that finds them all busy waits, and its wait is measured as schedule lag (default {OpenLoop.DefaultMaxConcurrency})",
        HelpName = "N",
        DefaultValueFactory = _ => OpenLoop.DefaultMaxConcurrency,
    }.Parsed(text => OptionParsing.Count(text, "--max-concurrency", 1, ConcurrencyLevels.Most));

    private readonly Option<string?> _arrivals = new("--arrivals")
    {
        Description = "With --rate: poisson (default), gamma (see --burstiness) or constant",
        HelpName = "poisson|gamma|constant",
    };

    private readonly Option<double?> _burstiness = new Option<double?>("--burstiness")
    {
        Description = "With --rate: gamma arrivals of this shape; 1 is Poisson, below 1 burstier, above 1 smoother",
        HelpName = "K",
    }.Parsed(text => ArrivalPattern.ParseBurstiness(text));

    private readonly Option<double> _rateSeconds = new Option<double>("--rate-seconds")
    {
        Description = $"With --rate: seconds of arrivals per iteration, so an iteration sends rate × this many requests (at least {OpenLoop.LeastRequests}; default {OpenLoop.DefaultIterationSeconds:0})",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => OpenLoop.DefaultIterationSeconds,
    }.Parsed(text => OptionParsing.Seconds(text, "--rate-seconds", 0.1, 600));

    private readonly Option<bool> _sweep = new("--sweep")
    {
        Description = "Measure one request at a time and --max-concurrency streams at once, then --sweep-points request rates from the first's throughput to the second's: the latency–throughput curve and its knee",
    };

    private readonly Option<int> _sweepPoints = new Option<int>("--sweep-points")
    {
        Description = $"With --sweep: how many rates it measures after its first phase (default {SweepPlan.DefaultPoints})",
        HelpName = "N",
        DefaultValueFactory = _ => SweepPlan.DefaultPoints,
    }.Parsed(SweepPlan.ParsePoints);

    private readonly Option<bool> _allowPaidLoad = new("--allow-paid-load")
    {
        Description = "Let --concurrency above 1 and --rate reach paid cloud providers too; the estimate prices every request first and the budget still caps them",
    };

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

    private readonly Option<IReadOnlyList<TrafficShape>?> _shapes = new("--shape")
    {
        Description = "Traffic shapes instead of the standard prompts, one case each, for endpoints you own: D(in,out), N(μin,σin)/(μout,σout) or U(min,max)/(min,max) in tokens; repeat the option or separate shapes with ';'",
        HelpName = "D(1000,200)",
        CustomParser = result =>
        {
            try
            {
                // One shape per occurrence (or several split by ';'): a list option taking every following token
                // would swallow BenchmarkDotNet's options, which this parser does not know.
                return [.. result.Tokens.SelectMany(t => t.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Select(spec => TrafficShape.Parse(spec, "--shape"))];
            }
            catch (ArgumentException e)
            {
                result.AddError(e.Message);
                return null;
            }
        },
    };

    private readonly Option<Shard?> _shard = new Option<Shard?>("--shard")
    {
        Description = $"Run slice i of N of the cases, on at most 1/N of the budget (e.g. 2/3); in a Kubernetes Indexed Job, {Shard.JobIndexVariable} + 1 of {Shard.CountVariable}",
        HelpName = "i/N",
        DefaultValueFactory = result =>
        {
            try
            {
                return Shard.FromJob(Environment.GetEnvironmentVariable(Shard.JobIndexVariable), Environment.GetEnvironmentVariable(Shard.CountVariable));
            }
            catch (ArgumentException e)
            {
                result.AddError(e.Message);
                return null;
            }
        },
    }.Parsed(text => Shard.Parse(text, "--shard"));

    private readonly Option<Uri?> _otlp = new Option<Uri?>("--otlp")
    {
        Description = $"Export each request's TTFT, speed, E2E, tokens and cost and the run's spend over OTLP (HTTP/protobuf) to this collector (else {TelemetryOptions.OtlpVariable}; off when neither)",
        HelpName = "URL",
        DefaultValueFactory = result =>
        {
            if (Environment.GetEnvironmentVariable(TelemetryOptions.OtlpVariable) is not { Length: > 0 } set)
                return null;
            try
            {
                return TelemetryOptions.ParseOtlp(set, TelemetryOptions.OtlpVariable);
            }
            catch (ArgumentException e)
            {
                result.AddError(e.Message);
                return null;
            }
        },
    }.Parsed(text => TelemetryOptions.ParseOtlp(text, "--otlp"));

    private readonly Option<int?> _prometheusPort = new Option<int?>("--prometheus-port")
    {
        Description = "Serve the same metrics for Prometheus on http://127.0.0.1:PORT/metrics while the run is live",
        HelpName = "PORT",
    }.Parsed(text => OptionParsing.Count(text, "--prometheus-port", 1, 65535));

    private readonly Option<string?> _artifacts = ArtifactsOption.Create();

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_budget, _measured, _warmup, _concurrency, _rate, _sweep, _sweepPoints, _maxConcurrency, _arrivals, _burstiness, _rateSeconds, _allowPaidLoad, _timeoutSeconds, _slo, _dryRun, _resume, _prompts, _shapes, _shard, _otlp, _prometheusPort, _artifacts])
            command.Options.Add(option);
        // Everything else is BenchmarkDotNet's: its own parser reads it (and refuses what it does not know).
        command.TreatUnmatchedTokensAsErrors = false;
        command.Validators.Add(result =>
        {
            bool swept = result.GetValue(_sweep);
            bool rated = swept || result.GetResult(_rate) is not null;
            if (!swept && result.GetResult(_sweepPoints) is { Implicit: false })
                result.AddError("--sweep-points sets how many rates a sweep measures; give --sweep too");

            foreach (Option loadOnly in (Option[])[_maxConcurrency, _arrivals, _burstiness, _rateSeconds])
            {
                if (!rated && result.GetResult(loadOnly) is { Implicit: false })
                    result.AddError($"{loadOnly.Name} shapes request-rate load; give --rate too (e.g. --rate 2,4,8), or --sweep");
            }

            if (result.GetResult(_shapes) is not null && result.GetResult(_prompts) is not null)
                result.AddError("--shape and --prompts both replace the standard prompts; give one of them");

            foreach (Option chosen in (Option[])[_rate, _concurrency])
            {
                if (swept && result.GetResult(chosen) is { Implicit: false })
                    result.AddError($"--sweep chooses its own concurrency and rates; leave {chosen.Name} out (set the top with --max-concurrency)");
            }

            try
            {
                _ = ArrivalPattern.From(result.GetValue(_arrivals), result.GetValue(_burstiness));
            }
            catch (ArgumentException e)
            {
                result.AddError(e.Message);
            }
            catch (InvalidOperationException)
            {
                // --burstiness did not parse, and has said why.
            }
        });
    }

    /// <summary>The closed-loop levels: a sweep's one stream and its cap; none with --rate alone (the rates are what was asked for).</summary>
    private IReadOnlyList<int> Concurrency(ParseResult result)
    {
        if (result.GetValue(_sweep))
            return result.GetValue(_maxConcurrency) is var cap && cap > 1 ? [1, cap] : [1];
        return result.GetResult(_rate) is not null && result.GetResult(_concurrency) is null or { Implicit: true } ? [] : result.GetValue(_concurrency)!;
    }

    private OpenLoop LoadOf(ParseResult result, IReadOnlyList<double> rates)
        => new(rates, ArrivalPattern.From(result.GetValue(_arrivals), result.GetValue(_burstiness)), result.GetValue(_maxConcurrency), result.GetValue(_rateSeconds));

    public RunArguments Bind(ParseResult result, SuitePaths paths, IReadOnlyList<string> commandLine) => new(
        result.GetValue(_budget),
        result.GetValue(_warmup),
        result.GetValue(_measured),
        Concurrency(result),
        result.GetValue(_rate) is { } rates
            ? LoadOf(result, rates)
            : result.GetValue(_sweep) ? LoadOf(result, []) : null,
        result.GetValue(_sweep) ? result.GetValue(_sweepPoints) : null,
        result.GetValue(_allowPaidLoad),
        TimeSpan.FromSeconds(result.GetValue(_timeoutSeconds)),
        result.GetValue(_slo),
        result.GetValue(_dryRun),
        result.GetValue(_resume),
        ArtifactsOption.Resolve(result.GetValue(_artifacts), paths),
        result.GetValue(_prompts) is { } prompts ? paths.FromInvocation(prompts) : null,
        result.GetValue(_shapes),
        result.GetValue(_shard),
        result.GetValue(_otlp) is var otlp && result.GetValue(_prometheusPort) is var port && (otlp is not null || port is not null) ? new TelemetryOptions(otlp, port) : null,
        result.UnmatchedTokens,
        commandLine);
}
