using System.Globalization;
using System.Text.RegularExpressions;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// A conversation end to end, against an OpenAI-compatible endpoint (which caches prefixes on its own) and the
/// Anthropic imitation (which caches only what a request marks): four turns one after another, each sending the
/// history so far with the answers the server really gave, its first turn paying the document's whole prefill and the
/// later ones served from the prefix cache — per-turn rows in the console and the methodology.
/// </summary>
public partial class ConversationRunTests
{
    private const string Key = "conversation-test-key-3f9d2a61";
    private const int Turns = 4;

    // The follow-up questions, as data/prompts.json gives them.
    private static readonly IReadOnlyList<string> Questions = SpeedKings.Bench.Hosting.SuiteData.Load(SpeedKings.Bench.Hosting.SuitePaths.Locate()).Prompts.Find("Convo4").FollowUps;

    [Fact]
    public async Task Each_turn_sends_the_history_with_the_answers_it_got_and_the_cache_serves_it()
    {
        await using var server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=10ms;tps=4000;chunk=16;prefill=20000") });
        string artifacts = Directory.CreateTempSubdirectory("speedkings-convo-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = new Uri(server.BaseAddress, "anthropic/v1").AbsoluteUri,
            ["ANTHROPIC_API_KEY"] = Key,
        };
        try
        {
            var (exitCode, output) = await BenchmarkRunTests.RunSuiteAsync(
                artifacts, environment,
                "--endpoint", new Uri(server.BaseAddress, "v1").AbsoluteUri, "--model", "convo-model",
                "--filter", "*custom*Convo4*", "*anthropic*Convo4*", "--iterationCount", "2", "--warmupCount", "1", "--budget", "1");
            Assert.True(exitCode == 0, output);

            foreach (string provider in new[] { "custom", "anthropic" })
            {
                List<RequestRecord> records = RecordLog.ReadAll(Directory.GetFiles(Path.Combine(artifacts, "records"), $"*-{provider}-Convo4-1.jsonl", SearchOption.AllDirectories).Single());
                // Three conversations (one warmup, two measured) of four turns, in order.
                Assert.Equal(3 * Turns, records.Count);
                Assert.All(records, r => Assert.True(r.Succeeded, r.FailureMessage));
                Assert.Equal(Enumerable.Range(0, 3).SelectMany(_ => Enumerable.Range(1, Turns)), records.Select(r => r.Turn!.Value));

                foreach (RequestRecord[] conversation in records.Chunk(Turns))
                {
                    var truths = conversation.Select(r => Truth(server, r)).ToArray();
                    // A conversation starts cold: its document leads with a marker of its own.
                    Assert.Equal(0, truths[0].CachedPromptTokens);
                    for (int k = 1; k < Turns; k++)
                    {
                        // Turn k + 1 left after turn k's answer ended, on the same connection's client.
                        Assert.True(conversation[k].StartTimestamp > conversation[k - 1].StartTimestamp + (long)(conversation[k - 1].LastTokenMs!.Value * System.Diagnostics.Stopwatch.Frequency / 1000));

                        // Its prompt is the one before, plus the answer the server wrote (its thinking left out: the
                        // Anthropic imitation thinks first), plus the next question: the server counts ceil(content
                        // bytes / 4), and the answer's text is ASCII (bytes = characters).
                        int answerChars = truths[k - 1].TextChunks.Where(c => !c.Reasoning).Sum(c => c.TextChars);
                        int grown = answerChars + System.Text.Encoding.UTF8.GetByteCount(Questions[k - 1]);
                        int added = truths[k].PromptTokens - truths[k - 1].PromptTokens;
                        Assert.True(Math.Abs((added * 4) - grown) <= 3, $"{provider} turn {k + 1}: {added} tokens added for {grown} bytes of answer and question");

                        // The history is served from the prefix cache, as the server says and the client reads it.
                        Assert.True(truths[k].CachedPromptTokens >= truths[k - 1].PromptTokens - 64, $"{provider} turn {k + 1}: {truths[k].CachedPromptTokens} of {truths[k - 1].PromptTokens} cached");
                        Assert.Equal(truths[k].CachedPromptTokens, conversation[k].Usage!.CachedInputTokens);
                    }
                }
            }

            // Per-turn rows: the console's table and the methodology's, and the first and last turn in the summary table.
            Assert.Equal(2, ConsoleTurnTable().Count(output));
            string methodology = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(artifacts, "results"), "speedkings-methodology-*.md").Single());
            Assert.Equal(2, Regex.Count(methodology, "### Conversation: "));
            string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report.csv").Single());
            string[] header = BenchmarkRunTests.SplitCsv(lines[0]);
            foreach (string[] row in lines.Skip(1).Select(BenchmarkRunTests.SplitCsv))
            {
                double first = double.Parse(row[Array.IndexOf(header, "TTFT turn 1 (ms)")], CultureInfo.InvariantCulture);
                double last = double.Parse(row[Array.IndexOf(header, "TTFT last turn (ms)")], CultureInfo.InvariantCulture);
                // About 2,300 tokens at 20,000 tokens/s: the first turn pays over 100 ms of prefill the cached last turn skips.
                Assert.True(last < first - 50, $"{row[Array.IndexOf(header, "Provider")]}: last turn {last} ms, first {first} ms");
            }
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task The_estimate_prices_every_turn_of_a_conversation()
    {
        var (exit, output) = await SuiteProcess.RunAsync(new Dictionary<string, string>(), TimeSpan.FromMinutes(4), "estimate", "--filter", "*loopback*Convo4*", "--iterationCount", "2", "--warmupCount", "1");
        Assert.True(exit == 0, output);
        // (1 warmup + 2 measured) conversations of four requests each.
        Assert.Matches(@"(?m)^loopback\s+reference\s+Convo4\s+\(1\+2\) × 4 requests", output);
    }

    private static RequestGroundTruth Truth(LoopbackServer server, RequestRecord record)
        => server.GroundTruth.TryGet(record.ProviderRequestId!, out RequestGroundTruth? truth) ? truth : throw new InvalidOperationException($"no ground truth for {record.ProviderRequestId}");

    [GeneratedRegex(@"(?m)^// Conversation turn by turn: .+\r?\nTurn\s+Succeeded\s+Input tokens")]
    private static partial Regex ConsoleTurnTable();
}
