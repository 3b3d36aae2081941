using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Tests.Bench.Reporting;

public class HistoryStoreTests
{
    private static RunRecord Run(string id, DateTimeOffset started, string provider, double ttft) => new()
    {
        RunId = id,
        StartedUtc = started,
        FinishedUtc = started,
        TimeOfDay = TimeOfDay.Of(started),
        Suite = new SuiteInfo("1", "c"),
        Environment = new EnvironmentInfo("rt", "os", "cpu", 2, "eu-west"),
        Config = new RunConfig(0.25m, 1, 5, [1], 120, [], []),
        Data = new DataVersions("p", "q", "r"),
        SpentUsd = 0,
        RateLimitedProviders = [],
        Cases =
        [
            new CaseRecord($"{provider} Short x1", provider, "m", "Short", 1, null,
                new CaseFigures(5, 5, 0, 0, ttft, 0, 0, double.NaN, 500, 0, 300, 100, 12, 0.001m, 0.005m, null, null),
                new Dictionary<FailureKind, int> { [FailureKind.Timeout] = 1 }, "t", 0, 1, []),
        ],
    };

    [Fact]
    public void Runs_are_kept_and_found_by_provider_in_time_order()
    {
        string path = Path.Combine(Path.GetTempPath(), "speedkings-history-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var store = new HistoryStore(path);
            store.Add(Run("b", new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero), "groq", 150), "b.json");
            store.Add(Run("a", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), "groq", 120), "a.json");
            store.Add(Run("c", new DateTimeOffset(2026, 11, 3, 1, 0, 0, TimeSpan.Zero), "cerebras", 90), "c.json");
            store.Add(Run("a", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), "groq", 125), "a.json"); // re-added: replaced, not doubled

            IReadOnlyList<HistoryEntry> groq = store.Find("*GROQ*");

            Assert.Equal(["a", "b"], groq.Select(e => e.RunId));
            Assert.Equal([125.0, 150.0], groq.Select(e => e.TtftP50!.Value));
            Assert.Equal(["EU peak", "US peak"], groq.Select(e => e.TimeOfDay));
            Assert.Equal(1, groq[0].Failed);
            Assert.Single(store.Find("cerebras/*"));
            Assert.Empty(store.Find("*Long*"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
