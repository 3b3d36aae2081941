using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using SpeedKings.Bench.Configuration;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Diagnosers;

namespace SpeedKings.Bench.Validators;

/// <summary>
/// Every case must run exactly the requests the budget planned: the paid-call job as planned, out of process, once.
/// It checks what BenchmarkDotNet's parser made of the command line rather than how it was spelled, so every alias
/// (<c>-i</c>, <c>--inProcess</c>, <c>-m</c>, <c>--job</c>, <c>--runtimes</c>…) is covered.
/// </summary>
internal sealed class PaidCallJobValidator(RunContext run) : IValidator
{
    public bool TreatsWarningsAsErrors => true;

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters)
        => Check(validationParameters.Benchmarks, validationParameters.Config);

    public IEnumerable<ValidationError> Check(IReadOnlyList<BenchmarkCase> cases, IConfig config)
    {
        foreach (IDiagnoser extra in config.GetDiagnosers().Where(d => d is not RequestMetricsDiagnoser).DistinctBy(d => d.GetType()))
            yield return Error($"{extra.GetType().Name} (--memory, --threading, --exceptions, --disasm, --profiler, --counters) would run every case again and send requests the budget did not plan; leave it out.", null);

        foreach (BenchmarkCase benchmark in cases)
        {
            if (Problem(benchmark) is { } problem)
                yield return Error(problem, benchmark);
        }

        foreach (var repeated in cases.GroupBy(CaseParams.Of).Where(g => g.Count() > 1))
            yield return Error($"{repeated.First().DisplayInfo} would run under {repeated.Count()} jobs ({string.Join(", ", repeated.Select(c => c.Job.Id))}), each sending its own requests; drop the option that added jobs (--job, --runtimes, --envVars with several values…).", repeated.First());
    }

    private string? Problem(BenchmarkCase benchmark)
    {
        Job job = benchmark.Job;
        if (job.Infrastructure.Toolchain?.IsInProcess == true)
            return "-i/--inProcess runs the benchmarks inside the host, where no request record reaches the report (every metric column would be empty); leave it out: the suite runs each case in its own process.";
        if (job.Run.HasValue(BenchmarkDotNet.Jobs.RunMode.LaunchCountCharacteristic) && job.Run.LaunchCount != 1)
            return $"--launchCount {job.Run.LaunchCount} would repeat every request of the case; leave it out: the suite runs one process per case.";
        if (job.Run.HasValue(BenchmarkDotNet.Jobs.RunMode.InvocationCountCharacteristic) && job.Run.InvocationCount != 1
            || job.Run.HasValue(BenchmarkDotNet.Jobs.RunMode.UnrollFactorCharacteristic) && job.Run.UnrollFactor != 1)
            return "--invocationCount/--unrollFactor would send more than one request per iteration, which the budget did not plan; leave them out.";
        if (job.Id is not (PaidCallJob.Id or PaidCallJob.ColdId))
            return $"the job {job.Id} was added by an option (--job, --runtimes, --strategy, --envVars with several values…), and every job sends its own requests; leave it out: the suite plans one paid-call job per case.";
        if (job.Run.RunStrategy != RunStrategy.Monitoring)
            return $"the {job.Run.RunStrategy} strategy adds pilot and overhead requests the budget did not plan; leave --strategy out: the suite's job sends one request per iteration.";
        CaseParams p = CaseParams.Of(benchmark);
        int warmup = run.Target(p).SkipsWarmup(run.Prompt(p.Prompt)) ? 0 : run.Warmup;
        if (job.Run.IterationCount != run.Measured || job.Run.WarmupCount != warmup)
            return $"this job sends {job.Run.WarmupCount}+{job.Run.IterationCount} requests, the plan {warmup}+{run.Measured}; set counts with the suite's own --warmupCount and --iterationCount.";
        return null;
    }

    private static ValidationError Error(string message, BenchmarkCase? benchmark) => new(true, message, benchmark);
}
