using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Benchmarks;
using SpeedKings.Bench.Configuration;
using SpeedKings.Bench.Diagnostics;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench;

public static class Program
{
    /// <summary>0: every case ran; 1: some case failed (its reports are still written); 2: bad input, nothing ran.</summary>
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await RunAsync(args);
        }
        catch (Exception e) when (e is DataFileException or DirectoryNotFoundException or FormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"speedkings: {e.Message}");
            return 2;
        }
    }

    private static async Task<int> RunAsync(string[] args)
    {
        SuitePaths paths = SuitePaths.Locate();
        Environment.SetEnvironmentVariable(SuitePaths.RootVariable, paths.Root);
        SuiteData data = SuiteData.Current;

        var settings = ProviderSettings.FromEnvironment();
        var statuses = data.Catalog.Providers.Select(settings.Resolve).ToList();
        var benchmarkTypes = new[] { typeof(InferenceBenchmarks) };

        string? problem = new FilterPreflight(statuses, data.Prompts.Prompts.Select(p => p.Id).ToList(), BenchmarkNames(benchmarkTypes))
            .Problem(FilterPreflight.FiltersIn(args));
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync($"speedkings: {problem}");
            return 2;
        }

        ReportSkipped(statuses);
        if (FilterPreflight.FiltersIn(args).Count == 0)
            args = [.. args, "--filter", "*"]; // no interactive menu: a bare run benchmarks everything available

        await using LoopbackServer? loopback = await EmbeddedLoopback.StartIfNeededAsync(data.Catalog);
        if (loopback is not null)
            Console.WriteLine($"// loopback = embedded reference server at {loopback.OpenAiBaseAddress} ({loopback.Schedule.Describe()}); its rows measure the harness, not a provider.");

        string artifacts = ArtifactsPath(ref args, paths);
        var diagnoser = new RequestMetricsDiagnoser(
            Path.Combine(artifacts, "records", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")),
            loopback is null ? null : record => EmbeddedLoopback.HarnessError(loopback, record));
        var config = InferenceConfig.Create(artifacts, diagnoser, id => DescribeEndpoint(data, settings, id));

        Summary[] summaries = BenchmarkSwitcher.FromTypes(benchmarkTypes).Run(args, config).ToArray();
        return summaries.Length > 0 && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
    }

    /// <summary>
    /// The artifacts folder: <c>--artifacts</c> if given (made absolute against the folder the user ran from, since
    /// run.sh changes directory), else BenchmarkDotNet.Artifacts at the repository root.
    /// </summary>
    private static string ArtifactsPath(ref string[] args, SuitePaths paths)
    {
        int index = Array.IndexOf(args, "--artifacts");
        if (index < 0 || index + 1 >= args.Length)
            return paths.Artifacts;
        string invokedFrom = Environment.GetEnvironmentVariable("SPEEDKINGS_INVOKED_FROM") is { Length: > 0 } dir ? dir : Directory.GetCurrentDirectory();
        args[index + 1] = Path.GetFullPath(args[index + 1], invokedFrom);
        return args[index + 1];
    }

    private static void ReportSkipped(IEnumerable<ProviderStatus> statuses)
    {
        var skipped = statuses.Where(s => !s.IsConfigured).Select(s => $"{s.Descriptor.Id} ({s.Problem})").ToList();
        if (skipped.Count > 0)
            Console.WriteLine($"// skipping providers that are not configured: {string.Join(", ", skipped)}");
    }

    private static string DescribeEndpoint(SuiteData data, ProviderSettings settings, string providerId)
    {
        ProviderDescriptor descriptor = data.Catalog.Find(providerId);
        if (providerId == EmbeddedLoopback.ProviderId)
            return EmbeddedLoopback.Describe(descriptor);
        return settings.Resolve(descriptor).Endpoint?.Model ?? descriptor.DefaultModel;
    }

    private static List<string> BenchmarkNames(IEnumerable<Type> types)
        => types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
                .Select(m => $"{t.FullName}.{m.Name}"))
            .ToList();
}
