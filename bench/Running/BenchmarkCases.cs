using BenchmarkDotNet.Configs;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Benchmarks;
using SpeedKings.Bench.Configuration;
using SpeedKings.Bench.Context;

namespace SpeedKings.Bench.Running;

/// <summary>
/// The cases of a run, as BenchmarkDotNet itself makes them: its parser applies the command line to the suite's
/// config, its converter expands the params and applies the filters. The suite never names a case on its own.
/// </summary>
internal static class BenchmarkCases
{
    public static readonly Type BenchmarkType = typeof(InferenceBenchmarks);

    /// <returns>Null when BenchmarkDotNet refused the arguments (it has said why).</returns>
    public static (IConfig Config, CommandLineOptions Options)? Parse(IReadOnlyList<string> arguments, IConfig suiteConfig)
    {
        var (isSuccess, parsed, options) = ConfigParser.Parse([.. arguments], ConsoleLogger.Default, suiteConfig);
        // As BenchmarkSwitcher does: the parsed options on top of the suite's config. The parser's own base job is a
        // default job, which BenchmarkDotNet drops beside the suite's explicit ones unless an option changed it.
        return isSuccess ? (ManualConfig.Union(suiteConfig, parsed), options) : null;
    }

    /// <summary>
    /// The cases under <paramref name="config"/>. BenchmarkDotNet's <c>--envVars</c> replaces a job's whole environment,
    /// which would drop the run context the benchmark process reads; the suite's own variables are put back beside the
    /// user's.
    /// </summary>
    public static BenchmarkRunInfo Convert(IConfig config)
    {
        BenchmarkRunInfo info = BenchmarkConverter.TypeToBenchmarks(BenchmarkType, config);
        BenchmarkCase[] cases = [.. info.BenchmarksCases.Select(c => PaidCallJob.WithSuiteEnvironment(c.Job, RunContext.Current) is { } job
            ? BenchmarkCase.Create(c.Descriptor, job, c.Parameters, c.Config)
            : c)];
        return new BenchmarkRunInfo(cases, info.Type, info.Config);
    }
}
