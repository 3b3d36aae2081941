using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SpeedKings.Bench.Tests.EndToEnd;

/// <summary>
/// The real pipeline: the suite's entry point runs BenchmarkDotNet, which builds and starts a benchmark process
/// that streams from the embedded loopback over a socket; the reports must carry the request metrics.
/// </summary>
public class BenchmarkRunTests
{
    internal static readonly string Root = FindRoot();

    [Fact]
    public async Task A_loopback_run_puts_ttft_speed_and_cost_in_every_report()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = await RunSuiteAsync(artifacts, "--filter", "*loopback*Short*", "--iterationCount", "3", "--warmupCount", "1");
            Assert.True(exitCode == 0, output);

            string results = Path.Combine(artifacts, "results");
            string markdown = await File.ReadAllTextAsync(Directory.GetFiles(results, "*-report-github.md").Single());
            string csv = await File.ReadAllTextAsync(Directory.GetFiles(results, "*-report.csv").Single());
            string html = await File.ReadAllTextAsync(Directory.GetFiles(results, "*-report.html").Single());
            foreach (string column in new[] { "TTFT p50 (ms)", "TTFT p90 (ms)", "Out tok/s p50", "Out tokens", "$/request", "Total $" })
            {
                Assert.Contains(column, markdown);
                Assert.Contains(column, csv);
                Assert.Contains(column, html);
            }

            // The CSV row agrees with the loopback schedule in data/providers.json (TTFT 20 ms, 500 tok/s, 4 tok/chunk).
            // Loose bounds: this checks that the numbers travelled through BenchmarkDotNet intact; the tight
            // comparisons with ground truth are LoopbackGroundTruthTests' job, on a quieter path.
            string[] lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] header = SplitCsv(lines[0]);
            string[] row = SplitCsv(lines[1]);
            double Value(string column) => double.Parse(row[Array.IndexOf(header, column)], CultureInfo.InvariantCulture);
            Assert.InRange(Value("TTFT p50 (ms)"), 20.0, 26.0);
            Assert.InRange(Value("Out tok/s p50"), 475, 525);
            Assert.Equal(128, Value("Out tokens"));
            Assert.Equal(3, Value("Requests"));
            Assert.True(Value("$/request") > 0);

            // The full JSON carries the metrics too; a plain custom column would not reach it.
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(results, "*-report-full.json").Single()));
            var metrics = json.RootElement.GetProperty("Benchmarks")[0].GetProperty("Metrics").EnumerateArray()
                .ToDictionary(m => m.GetProperty("Descriptor").GetProperty("Id").GetString()!, m => m.GetProperty("Value").GetDouble());
            Assert.Equal(Value("TTFT p50 (ms)"), metrics["TTFT-p50"], precision: 2);
            Assert.InRange(metrics["HarnessTtftError-p50"], 0.0, 5.0);
            Assert.True(metrics["CostTotal"] > metrics["CostPerRequest"] * 3.5, "total spend includes the warmup request");

            // Raw records: one line per request, warmup included, appended as they happened.
            string records = Directory.GetFiles(Path.Combine(artifacts, "records"), "*.jsonl", SearchOption.AllDirectories).Single();
            Assert.Equal(4, File.ReadAllLines(records).Length);
        }
        finally
        {
            if (Directory.Exists(artifacts))
                Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task A_filter_for_an_unconfigured_provider_says_which_variable_to_set()
    {
        var (exitCode, output) = await RunSuiteAsync(null, "--filter", "*Cerebras*");
        Assert.Equal(2, exitCode);
        Assert.Contains("cerebras is not configured: set CEREBRAS_API_KEY", output);
        Assert.DoesNotContain("Available benchmarks", output);
    }

    private static async Task<(int ExitCode, string Output)> RunSuiteAsync(string? artifacts, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The way run.sh starts it: BenchmarkDotNet insists on an optimized (Release) host.
        foreach (string arg in new[] { "run", "-c", "Release", "--project", Path.Combine(Root, "bench", "SpeedKings.Bench.csproj"), "--" })
            start.ArgumentList.Add(arg);
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        if (artifacts is not null)
        {
            start.ArgumentList.Add("--artifacts");
            start.ArgumentList.Add(artifacts);
        }

        start.Environment.Remove("CEREBRAS_API_KEY");
        start.Environment.Remove("LOOPBACK_BASE_URL");
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Splits one CSV line, honouring quoted cells (the Model column may contain commas).</summary>
    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line.TrimEnd('\r'))
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
                cell.Append(c);
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SpeedKings.Bench.sln")))
                return dir.FullName;
        }

        throw new DirectoryNotFoundException("SpeedKings.Bench.sln not found above the test output folder.");
    }
}
