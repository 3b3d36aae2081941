using BenchmarkDotNet.Configs;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Benchmarks;

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

    public static BenchmarkRunInfo Convert(IConfig config) => BenchmarkConverter.TypeToBenchmarks(BenchmarkType, config);
}
