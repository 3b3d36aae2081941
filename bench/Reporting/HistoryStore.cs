using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// Every run's medians in an embedded SQLite file (<c>BenchmarkDotNet.Artifacts/history.db</c>), added as each run
/// ends, so a provider's trend over weeks is one query. The run records stay the full truth; this is their index.
/// </summary>
internal sealed class HistoryStore(string path)
{
    public string Path { get; } = path;

    public void Add(RunRecord run, string recordPath)
    {
        using SqliteConnection db = Open();
        using SqliteTransaction transaction = db.BeginTransaction();
        Execute(db, "INSERT OR REPLACE INTO runs VALUES ($id, $started, $period, $commit, $region, $record)",
            ("$id", run.RunId), ("$started", run.StartedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("$period", run.TimeOfDay),
            ("$commit", run.Suite.Commit), ("$region", run.Environment.Region), ("$record", recordPath));
        Execute(db, "DELETE FROM cases WHERE run_id = $id", ("$id", run.RunId));
        // A rate case's medians belong to its rate, which this index has no column for yet: its run record keeps it.
        foreach (CaseRecord k in run.Cases.Where(k => k.Rate is null))
        {
            Execute(db, "INSERT INTO cases (run_id, provider, model, prompt, concurrency, ttft_p50, speed_p50, e2e_p50, cost_per_request, succeeded, failed, region) VALUES ($id, $provider, $model, $prompt, $streams, $ttft, $speed, $e2e, $cost, $ok, $failed, $region)",
                ("$region", k.Region ?? run.Environment.Region), ("$id", run.RunId), ("$provider", k.Provider), ("$model", k.Model), ("$prompt", k.Prompt), ("$streams", k.Concurrency),
                ("$ttft", Number(k.Figures.TtftP50)), ("$speed", Number(k.Figures.OutputTokensPerSecondP50)), ("$e2e", Number(k.Figures.EndToEndP50)),
                ("$cost", k.Figures.CostPerRequestUsd is { } cost ? (double)cost : null), ("$ok", k.Figures.Succeeded),
                ("$failed", k.Failures.Values.Sum()));
        }

        transaction.Commit();
    }

    /// <summary>Every stored case whose <c>provider/model/prompt</c> matches the glob, oldest run first.</summary>
    public IReadOnlyList<HistoryEntry> Find(string glob)
    {
        var entries = new List<HistoryEntry>();
        if (!File.Exists(Path))
            return entries;
        using SqliteConnection db = Open();
        using SqliteCommand query = db.CreateCommand();
        query.CommandText = """
            SELECT r.run_id, r.started_utc, r.time_of_day, c.provider, c.model, c.prompt, c.concurrency,
                   c.ttft_p50, c.speed_p50, c.e2e_p50, c.cost_per_request, c.succeeded, c.failed, coalesce(c.region, r.region)
            FROM cases c JOIN runs r ON r.run_id = c.run_id
            WHERE lower(c.provider || '/' || c.model || '/' || c.prompt) GLOB lower($glob)
            ORDER BY c.provider, c.model, c.prompt, c.concurrency, coalesce(c.region, r.region), r.started_utc
            """;
        query.Parameters.AddWithValue("$glob", glob);
        using SqliteDataReader row = query.ExecuteReader();
        while (row.Read())
        {
            entries.Add(new HistoryEntry(
                row.GetString(0), DateTimeOffset.Parse(row.GetString(1), CultureInfo.InvariantCulture), row.GetString(2),
                row.GetString(3), row.GetString(4), row.GetString(5), row.GetInt32(6),
                Nullable(row, 7), Nullable(row, 8), Nullable(row, 9), Nullable(row, 10), row.GetInt32(11), row.GetInt32(12))
            {
                Region = row.IsDBNull(13) ? null : row.GetString(13),
            });
        }

        return entries;
    }

    private SqliteConnection Open()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var db = new SqliteConnection($"Data Source={Path}");
        db.Open();
        Execute(db, """
            CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, started_utc TEXT NOT NULL, time_of_day TEXT NOT NULL,
                                             suite_commit TEXT NOT NULL, region TEXT, record_path TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS cases (run_id TEXT NOT NULL REFERENCES runs(run_id), provider TEXT NOT NULL, model TEXT NOT NULL,
                                              prompt TEXT NOT NULL, concurrency INTEGER NOT NULL, ttft_p50 REAL, speed_p50 REAL,
                                              e2e_p50 REAL, cost_per_request REAL, succeeded INTEGER NOT NULL, failed INTEGER NOT NULL,
                                              region TEXT);
            """);
        // A store written before cases had a region (a merge's rows come from several) gets the column; its old rows keep the run's.
        using SqliteCommand columns = db.CreateCommand();
        columns.CommandText = "SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'region'";
        if (Convert.ToInt64(columns.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            Execute(db, "ALTER TABLE cases ADD COLUMN region TEXT");
        return db;
    }

    private static void Execute(SqliteConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static double? Number(double value) => double.IsNaN(value) ? null : value;

    private static double? Nullable(SqliteDataReader row, int column) => row.IsDBNull(column) ? null : row.GetDouble(column);
}

/// <summary>One case of one stored run.</summary>
internal sealed record HistoryEntry(
    string RunId, DateTimeOffset StartedUtc, string TimeOfDay, string Provider, string Model, string Prompt, int Concurrency,
    double? TtftP50, double? OutputTokensPerSecondP50, double? EndToEndP50, double? CostPerRequestUsd, int Succeeded, int Failed)
{
    /// <summary>Where the case ran: its own region in a merge of regions, else its run's; null when not given.</summary>
    public string? Region { get; init; }
}
