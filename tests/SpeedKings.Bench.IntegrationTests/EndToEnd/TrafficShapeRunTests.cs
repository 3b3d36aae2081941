using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// <c>--shape</c> against an owned endpoint: each shape is a case named in its notation, each request is sent at the
/// lengths it drew, and the server's ground truth shows them — a fixed shape's exactly, a uniform one's spread over
/// its range.
/// </summary>
public class TrafficShapeRunTests
{
    [Fact]
    public async Task Each_shape_is_a_case_whose_requests_carry_the_lengths_they_drew()
    {
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=5ms;tps=20000;chunk=16") });
        string artifacts = Directory.CreateTempSubdirectory("speedkings-shape-").FullName;
        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, [],
                "--endpoint", new Uri(server.BaseAddress, "v1").AbsoluteUri, "--model", "shape-model",
                "--filter", "*custom*", "--shape", "D(2000,64)", "--shape", "U(300,900)/(16,48)", "--iterationCount", "4", "--warmupCount", "0", "--concurrency", "5");
            Assert.True(exitCode == 0, output);

            List<RequestGroundTruth> Truths(string file) => [.. RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), file, SearchOption.AllDirectories).Single())
                .Select(r => server.GroundTruth.TryGet(r.ProviderRequestId!, out RequestGroundTruth? t) ? t : throw new InvalidOperationException($"no ground truth for {r.ProviderRequestId}"))];

            // D(2000,64): every request asked for 64 tokens and got them; its prompt is about 2,000 o200k tokens,
            // which the loopback counts as UTF-8 bytes / 4 (a little over four bytes a token in this text).
            List<RequestGroundTruth> fixedShape = Truths("*-custom-D(2000,64)-5.jsonl");
            Assert.Equal(20, fixedShape.Count);
            Assert.All(fixedShape, t => Assert.Equal((64, 64), (t.RequestedMaxTokens!.Value, t.OutputTokens)));
            Assert.All(fixedShape, t => Assert.InRange(t.PromptTokens, 1900, 2700));

            // U(300,900)/(16,48): lengths drawn per request, inside their ranges and not all alike.
            List<RequestGroundTruth> uniform = Truths("*-custom-U(300,900)_(16,48)-5.jsonl");
            Assert.Equal(20, uniform.Count);
            Assert.All(uniform, t => Assert.InRange(t.RequestedMaxTokens!.Value, 16, 48));
            Assert.All(uniform, t => Assert.Equal(t.RequestedMaxTokens, t.OutputTokens));
            Assert.True(uniform.Select(t => t.RequestedMaxTokens).Distinct().Count() >= 8, "output lengths are drawn");
            Assert.True(uniform.Max(t => t.PromptTokens) - uniform.Min(t => t.PromptTokens) > 250, "input lengths are drawn");
            Assert.All(uniform, t => Assert.InRange(t.PromptTokens, 250, 1200));

            // Achieved against asked, per case: every output at its drawn length, and the input as the server counted
            // it over the lengths the client drew.
            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
            foreach (string[] row in lines.Skip(1).Select(BenchmarkRunTests.SplitCsv))
            {
                string prompt = row[Array.IndexOf(header, "Prompt")];
                Assert.Equal("100.0", row[Array.IndexOf(header, "Out/asked %")]);
                List<RequestRecord> records = RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), $"*-custom-{prompt.Replace('/', '_')}-5.jsonl", SearchOption.AllDirectories).Single());
                double served = records.Sum(r => server.GroundTruth.TryGet(r.ProviderRequestId!, out RequestGroundTruth? t) ? t.PromptTokens : 0);
                double asked = records.Sum(r => r.AskedInputTokens!.Value);
                Assert.Equal((100 * served / asked).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), row[Array.IndexOf(header, "In/asked %")]);
            }
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }
}
