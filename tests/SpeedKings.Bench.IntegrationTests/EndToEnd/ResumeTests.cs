using System.Globalization;
using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// A real run killed with SIGKILL (the whole process tree: dotnet run, the suite, its benchmark process) and picked up
/// with <c>--resume</c>: finished cases are reported from their records without a request, cut cases run again in
/// full after what they left, the ledger carries on, and every report has every case.
/// </summary>
public class ResumeTests
{
    // Seven requests of Short (1 warmup + 6 measured), of about 0.28 s each: killed after its second, the run has
    // well over a second left in which the kill must land before the case finishes (with 4 measured it was 0.8 s).
    private const int Measured = 6;

    private static readonly string[] Cases = ["--filter", "*loopback*Short*", "*loopback*Medium*", "--iterationCount", $"{Measured}", "--warmupCount", "1"];

    [Fact]
    public async Task A_run_killed_mid_case_resumes_with_every_finished_record_kept_and_every_case_reported()
    {
        string artifacts = Directory.CreateTempSubdirectory("speedkings-resume-").FullName;
        try
        {
            // BenchmarkDotNet runs Medium, then Short: kill once Short has sent two requests of its seven.
            using (SuiteProcess.Running first = SuiteProcess.Start(new Dictionary<string, string>(), [.. Cases, "--artifacts", artifacts]))
            {
                bool cut = await WaitUntilAsync(() => Finished(artifacts, "Medium") && Lines(Records(artifacts, "Short")) >= 2, first, TimeSpan.FromMinutes(4));
                await first.KillAsync();
                Assert.True(cut, await first.OutputAsync());
            }

            string mediumFile = Records(artifacts, "Medium")!, shortFile = Records(artifacts, "Short")!;
            Assert.False(Finished(artifacts, "Short"));
            byte[] mediumBefore = await File.ReadAllBytesAsync(mediumFile);
            List<RequestRecord> shortBefore = RecordLog.ReadAll(shortFile);
            decimal spentBefore = Settled(artifacts);
            // What a kill in the middle of a record's write leaves (one write per record makes it rare to hit by timing).
            await File.AppendAllTextAsync(shortFile, "{\"provider\":\"loopback\",\"prom");

            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(artifacts, [], [.. Cases, "--resume"]);
            Assert.True(exitCode == 0, output);
            Assert.Contains("Completion [Provider=loopback, Task=Chat, Prompt=Medium, Concurrency=1, Rate=inf] already finished", output);
            Assert.Contains($"Completion [Provider=loopback, Task=Chat, Prompt=Short, Concurrency=1, Rate=inf] was cut short; its {shortBefore.Count} complete records stay (spend, not statistics) and 1 torn line is left out; it runs again in full.", output);

            // Medium: not one byte more. Short: what it had, the torn line, then a full case (1 warmup + 6 measured).
            Assert.Equal(mediumBefore, await File.ReadAllBytesAsync(mediumFile));
            var (readable, unreadable) = RecordLog.Count(shortFile);
            Assert.Equal((shortBefore.Count + 1 + Measured, 1), (readable, unreadable));

            // The ledger carried on: the resumed run settled exactly what its new records cost, on top of what was spent.
            decimal added = RecordLog.ReadAll(shortFile).Skip(shortBefore.Count).Sum(r => r.CostUsd ?? 0);
            Assert.True(added > 0);
            Assert.Equal(spentBefore + added, Settled(artifacts));

            // Every report has both cases, each from its own measured requests.
            string results = Path.Combine(artifacts, "results");
            foreach (string prompt in new[] { "Short", "Medium" })
                Assert.Equal($"{Measured}", CsvCell(results, prompt, "Requests"));
            foreach (string report in new[] { "*-report-github.md", "*-report.html", "speedkings-methodology-*.md" })
            {
                string text = await File.ReadAllTextAsync(Directory.GetFiles(results, report).Single());
                Assert.Contains("Short", text);
                Assert.Contains("Medium", text);
            }

            Assert.Equal(["Medium", "Short"], RunRecordPrompts(results));
            Assert.Single(Directory.GetDirectories(Path.Combine(artifacts, "records")));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_killed_while_its_reports_are_written_resumes_to_complete_reports_without_a_request()
    {
        string artifacts = Directory.CreateTempSubdirectory("speedkings-resume-").FullName;
        string[] shortOnly = ["--filter", "*loopback*Short*", "--iterationCount", "2", "--warmupCount", "1"];
        try
        {
            // The first file in results/ appears when BenchmarkDotNet starts its exporters: kill right then.
            string results = Path.Combine(artifacts, "results");
            using (SuiteProcess.Running first = SuiteProcess.Start(new Dictionary<string, string>(), [.. shortOnly, "--artifacts", artifacts]))
            {
                bool writing = await WaitUntilAsync(() => Directory.Exists(results) && Directory.EnumerateFiles(results).Any(), first, TimeSpan.FromMinutes(4));
                await first.KillAsync();
                Assert.True(writing, await first.OutputAsync());
            }

            string shortFile = Records(artifacts, "Short")!;
            byte[] recordsBefore = await File.ReadAllBytesAsync(shortFile);
            decimal spentBefore = Settled(artifacts);

            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(artifacts, [], [.. shortOnly, "--resume"]);
            Assert.True(exitCode == 0, output);
            Assert.Equal(recordsBefore, await File.ReadAllBytesAsync(shortFile));
            Assert.Equal(spentBefore, Settled(artifacts));
            Assert.Equal("2", CsvCell(results, "Short", "Requests"));
            foreach (string report in new[] { "*-report-github.md", "*-report.html", "*-report-full.json", "speedkings-overlay-*.md", "speedkings-methodology-*.md" })
                Assert.Contains("Short", await File.ReadAllTextAsync(Directory.GetFiles(results, report).Single()));
            Assert.Equal(["Short"], RunRecordPrompts(results));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, SuiteProcess.Running suite, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !suite.Process.HasExited)
        {
            if (condition())
                return true;
            await Task.Delay(20);
        }

        return false;
    }

    private static string? Records(string artifacts, string prompt)
        => Directory.Exists(Path.Combine(artifacts, "records"))
            ? Directory.GetFiles(Path.Combine(artifacts, "records"), $"*-loopback-{prompt}-1.jsonl", SearchOption.AllDirectories).SingleOrDefault()
            : null;

    private static bool Finished(string artifacts, string prompt)
        => Records(artifacts, prompt) is { } records && File.Exists(Path.ChangeExtension(records, ".finished.json"));

    private static int Lines(string? path) => path is null ? 0 : File.ReadAllLines(path).Length;

    /// <summary>The ledger's settled spend, read from its journal as text.</summary>
    private static decimal Settled(string artifacts)
        => File.ReadLines(Directory.GetFiles(artifacts, "budget-ledger.txt", SearchOption.AllDirectories).Single())
            .Where(l => l.StartsWith("settle ", StringComparison.Ordinal))
            .Sum(l => decimal.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture));

    private static string CsvCell(string results, string prompt, string column)
    {
        string[] lines = File.ReadAllLines(Directory.GetFiles(results, "*-report.csv").Single());
        string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
        string[] row = BenchmarkRunTests.SplitCsv(lines.Single(l => l.Contains($",{prompt},", StringComparison.Ordinal)));
        return row[Array.IndexOf(header, column)];
    }

    private static string[] RunRecordPrompts(string results)
    {
        using JsonDocument run = JsonDocument.Parse(File.ReadAllBytes(Directory.GetFiles(results, "speedkings-run-*.json").Single()));
        return [.. run.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("prompt").GetString()!).Order(StringComparer.Ordinal)];
    }
}
