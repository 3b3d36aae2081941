using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>An interrupted run picked up with <c>--resume</c>: finished cases are not sent again, the rest run.</summary>
public class ResumeTests
{
    [Fact]
    public async Task A_resumed_run_skips_finished_cases_and_continues_their_records_and_ledger()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-resume-" + Guid.NewGuid().ToString("N"));
        string interrupted = Path.Combine(artifacts, "records", "20260101-000000");
        string shortRecords = Path.Combine(interrupted, "InferenceBenchmarks.Completion-loopback-Short-1.jsonl");
        string mediumRecords = Path.Combine(interrupted, "InferenceBenchmarks.Completion-loopback-Medium-1.jsonl");
        try
        {
            // What the interrupted run left: Short finished (1 warmup + 3 measured), Medium cut after its warmup.
            using (var log = new RecordLog(shortRecords))
            {
                for (int i = 0; i < 4; i++)
                    log.Append(new RequestRecord { Provider = "loopback", Model = "reference", Prompt = "Short", StartedUtc = DateTimeOffset.UtcNow, CostUsd = 0.001m });
            }

            using (var log = new RecordLog(mediumRecords))
                log.Append(new RequestRecord { Provider = "loopback", Model = "reference", Prompt = "Medium", StartedUtc = DateTimeOffset.UtcNow, CostUsd = 0.001m });

            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, [], "--filter", "*loopback*Short*", "*loopback*Medium*", "--iterationCount", "3", "--warmupCount", "1", "--resume");

            Assert.True(exitCode == 0, output);
            Assert.Contains($"// Resuming: records and budget ledger continue in {interrupted}", output);
            Assert.Contains("[Provider=loopback, Prompt=Short, Concurrency=1] already finished", output);
            Assert.Equal(4, File.ReadAllLines(shortRecords).Length);      // nothing sent again
            Assert.Equal(1 + 4, File.ReadAllLines(mediumRecords).Length); // the cut case ran in full, after what it had

            string csv = File.ReadAllText(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            Assert.Contains(",Medium,", csv);
            Assert.DoesNotContain(",Short,", csv);
            Assert.Single(Directory.GetDirectories(Path.Combine(artifacts, "records")));
        }
        finally
        {
            if (Directory.Exists(artifacts))
                Directory.Delete(artifacts, recursive: true);
        }
    }
}
