using System.Diagnostics;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>Skipped, saying why, on a machine without Chromium; CI installs it.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (ReportPageBrowserTests.Chromium is null)
            Skip = "No Chromium on this machine (looked for chromium, chromium-browser, google-chrome on PATH): the report page is not rendered.";
    }
}

/// <summary>The run's HTML page with its charts, opened in a real headless browser.</summary>
public class ReportPageBrowserTests
{
    internal static readonly string? Chromium = Find("chromium", "chromium-browser", "google-chrome");

    [BrowserFact]
    public async Task The_report_page_renders_its_tables_and_every_chart_in_a_headless_browser()
    {
        string directory = Path.Combine(Path.GetTempPath(), "speedkings-page-" + Guid.NewGuid().ToString("N"));
        try
        {
            RunRecord run = SampleRun();
            IReadOnlyList<string> charts = RunCharts.Save(run, directory);
            string page = RunPage.Save(run, charts, ["a caveat"], directory);
            // Speed vs TTFT, TTFT, speed and ITL per request, speed vs price (this sample has a price and no sweep or input spread).
            Assert.Equal(5, charts.Count);

            string dom = await RunChromiumAsync("--virtual-time-budget=10000", "--dump-dom", new Uri(page).AbsoluteUri);
            string screenshot = Path.Combine(directory, "page.png");
            await RunChromiumAsync("--window-size=1200,3000", $"--screenshot={screenshot}", new Uri(page).AbsoluteUri);

            // The script marks the page ready only when every chart image decoded with a size.
            Assert.Contains("data-ready=\"true\"", dom);
            Assert.Contains("<td>groq</td><td>m</td><td>Short</td>", dom);
            Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is nearly empty");
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> RunChromiumAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Chromium!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", .. args])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return await output;
    }

    private static RunRecord SampleRun()
    {
        CaseRecord Case(string provider, double ttft, double speed) => new(
            $"{provider} Short x1", provider, "m", "Short", 1, null,
            new CaseFigures(5, 5, 0, 0, ttft, ttft * 1.2, ttft * 1.3, double.NaN, speed, speed, ttft + 300, 128, 12, 0.0001m, 0.0005m, 0.5m, null),
            new Dictionary<FailureKind, int>(), null, 0, 1,
            [.. Enumerable.Range(0, 5).Select(i => new RequestRecord
            {
                Provider = provider, Model = "m", Prompt = "Short", StartedUtc = default,
                FirstTokenMs = ttft + i, LastTokenMs = ttft + i + 256, TextEventArrivalsMs = [ttft + i, ttft + i + 256],
                GeneratedChars = 100, FirstEventChars = 4, FirstEventTokens = 1, Usage = new TokenUsage(12, 0, 128, null, UsageSource.Reported),
            })]);

        return new RunRecord
        {
            RunId = "20261123-000000",
            StartedUtc = DateTimeOffset.UtcNow,
            FinishedUtc = DateTimeOffset.UtcNow,
            TimeOfDay = "off-peak",
            Suite = new SuiteInfo("1", "c"),
            Environment = new EnvironmentInfo("rt", "os", "cpu", 2, null),
            Config = new RunConfig(0.25m, 1, 5, [1], 120, [], []),
            Data = new DataVersions("p", "q", "r"),
            SpentUsd = 0.001m,
            RateLimitedProviders = [],
            Cases = [Case("groq", 120, 480), Case("cerebras", 90, 1800)],
        };
    }

    private static string? Find(params string[] names)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
}
