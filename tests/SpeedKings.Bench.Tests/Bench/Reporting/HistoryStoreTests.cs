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

    [Fact]
    public void A_merge_of_regions_keeps_each_cases_region_and_a_store_without_the_column_gets_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "speedkings-history-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            // A store as it was before cases had a region.
            using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
            {
                old.Open();
                using var create = old.CreateCommand();
                create.CommandText = """
                    CREATE TABLE runs (run_id TEXT PRIMARY KEY, started_utc TEXT NOT NULL, time_of_day TEXT NOT NULL, suite_commit TEXT NOT NULL, region TEXT, record_path TEXT NOT NULL);
                    CREATE TABLE cases (run_id TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, prompt TEXT NOT NULL, concurrency INTEGER NOT NULL,
                                        ttft_p50 REAL, speed_p50 REAL, e2e_p50 REAL, cost_per_request REAL, succeeded INTEGER NOT NULL, failed INTEGER NOT NULL);
                    INSERT INTO runs VALUES ('old', '2026-11-01T09:00:00.0000000Z', 'EU peak', 'c', 'eu-west', 'old.json');
                    INSERT INTO cases VALUES ('old', 'groq', 'm', 'Short', 1, 100, 500, 300, 0.001, 5, 0);
                    """;
                create.ExecuteNonQuery();
            }

            RunRecord run = Run("merged", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), "groq", 140);
            CaseRecord k = run.Cases[0];
            var store = new HistoryStore(path);
            store.Add(run with { Environment = run.Environment with { Region = "eu-west, us-east" }, Cases = [k with { Region = "eu-west" }, k with { Region = "us-east" }] }, "m.json");

            IReadOnlyList<HistoryEntry> groq = store.Find("groq/*");
            Assert.Equal([("eu-west", "old"), ("eu-west", "merged"), ("us-east", "merged")], groq.Select(e => (e.Region!, e.RunId)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
