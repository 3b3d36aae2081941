using SpeedKings.Bench.Calibration;
using SpeedKings.Bench.Commands;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench;

/// <summary>
/// <c>./run.sh [--budget USD] [BenchmarkDotNet options]</c> runs the benchmarks; <c>./run.sh list</c>,
/// <c>./run.sh pricing</c> and <c>./run.sh estimate</c> describe providers, prices and what a run would cost. Bad input gets one sentence on stderr and exit code 2.
/// </summary>
public static class Program
{
    private static readonly string[] Commands = ["list", "pricing", "estimate", "harness", "calibrate", "compare", "history"];

    public static async Task<int> Main(string[] args)
    {
        // Before the local-engine probe opens the first socket; benchmark processes inherit it.
        SocketTuning.UseInlineCompletions();
        try
        {
            SuitePaths paths = SuitePaths.Locate();
            Environment.SetEnvironmentVariable(SuitePaths.RootVariable, paths.Root);
            if (Environment.GetEnvironmentVariable(SuiteData.PricingOverrideVariable) is { Length: > 0 } prices)
                Environment.SetEnvironmentVariable(SuiteData.PricingOverrideVariable, paths.FromInvocation(prices));
            SuiteData data = SuiteData.Current;
            args = CustomEndpoint.Apply(args);
            ProviderSettings settings = await DetectLocalEnginesAsync(paths, data);

            string? command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
            return command switch
            {
                null => await RunCommand.RunAsync(args, paths, data, settings),
                "list" => ListCommand.Run(data, settings, Console.Out),
                "pricing" => PricingCommand.Run(data, Console.Out),
                "harness" => HarnessCommand.Run(args[1..], paths),
                "calibrate" => await CalibrateCommand.RunAsync(args[1..], paths),
                "compare" => CompareCommand.Run(args[1..], paths, Console.Out),
                "history" => HistoryCommand.Run(args[1..], paths, Console.Out),
                "estimate" => await RunCommand.RunAsync(args[1..], paths, data, settings, estimateOnly: true),
                _ => await FailAsync($"unknown command '{command}'; commands: {string.Join(", ", Commands)}, or BenchmarkDotNet options such as --filter '*Groq*'."),
            };
        }
        catch (Exception e) when (e is DataFileException or DirectoryNotFoundException or FormatException or ArgumentException or KeyNotFoundException)
        {
            return await FailAsync(e.Message);
        }
    }

    /// <summary>Probes local engines once, in the host, and tells the benchmark processes what answered.</summary>
    private static async Task<ProviderSettings> DetectLocalEnginesAsync(SuitePaths paths, SuiteData data)
    {
        HashSet<string> detected = await LocalEngineProbe.DetectAsync(data.Catalog, SuiteSettings.Load(paths, new HashSet<string>()));
        Environment.SetEnvironmentVariable(SuiteSettings.DetectedEnginesVariable, string.Join(",", detected));
        SuiteSettings.Reset();
        return SuiteSettings.Current;
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"speedkings: {message.TrimEnd('.')}.");
        return 2;
    }
}
