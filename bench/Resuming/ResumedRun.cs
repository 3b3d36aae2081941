using System.Globalization;
using BenchmarkDotNet.Running;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Resuming;

/// <summary>
/// <c>--resume</c>: carries on an interrupted run in its own records folder and budget ledger. A case BenchmarkDotNet
/// finished is reported from what it kept (<see cref="KeptResultsToolchain"/>); every other case runs in full, its new
/// requests appended after whatever the interruption left. The suite does this itself: BenchmarkDotNet's own resume
/// re-ran finished cases here and then failed on its progress display.
/// </summary>
internal static class ResumedRun
{
    private const string FolderFormat = "yyyyMMdd-HHmmss";

    /// <summary>The latest run folder under <paramref name="records"/>, or null when there is none to resume.</summary>
    /// <param name="shard">A shard resumes its own run, not another shard's in a shared folder.</param>
    public static string? Latest(string records, Sharding.Shard? shard = null)
        => Directory.Exists(records)
            ? Directory.GetDirectories(records).Where(d => IsOf(Path.GetFileName(d), shard)).Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>
    /// A run's folder under records/ is named by the UTC second it began, and a shard's by its slice too
    /// (<c>20261201-213638-shard2of3</c>), so the shards of one run share an output folder without colliding.
    /// </summary>
    public static string FolderName(DateTimeOffset started, Sharding.Shard? shard = null)
        => started.ToString(FolderFormat, CultureInfo.InvariantCulture) + (shard is null ? "" : "-" + shard.Tag);

    /// <summary>When the run in <paramref name="folder"/> began; now, for a folder not named by the suite.</summary>
    public static DateTimeOffset StartedUtc(string folder)
    {
        string name = Path.GetFileName(folder);
        return DateTimeOffset.TryParseExact(name.Length > FolderFormat.Length ? name[..FolderFormat.Length] : name, FolderFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started)
            ? started
            : DateTimeOffset.UtcNow;
    }

    private static bool IsOf(string folder, Sharding.Shard? shard)
        => shard is null ? folder.Length == FolderFormat.Length : folder.EndsWith("-" + shard.Tag, StringComparison.Ordinal);

    public static bool IsFinished(BenchmarkCase benchmark, RunContext run)
        => FinishedCase.Load(CaseParams.Of(benchmark).RecordFile(run)) is not null;

    /// <summary>The case as a user reads it: method and params, without the job's long description.</summary>
    public static string Name(BenchmarkCase benchmark) => $"{benchmark.Descriptor.WorkloadMethodDisplayInfo} {benchmark.Parameters.DisplayInfo}";

    /// <summary>Says what the interruption left in a case's records: a line cut by the kill is left out, and said so.</summary>
    public static void DescribeLeftovers(BenchmarkCase benchmark, RunContext run, TextWriter log)
    {
        string path = CaseParams.Of(benchmark).RecordFile(run);
        var (readable, unreadable) = RecordLog.Count(path);
        if (readable > 0 || unreadable > 0)
            log.WriteLine($"// Resuming: {Name(benchmark)} was cut short; its {readable} complete records stay (spend, not statistics){(unreadable > 0 ? $" and {unreadable} torn line{(unreadable == 1 ? " is" : "s are")} left out" : "")}; it runs again in full.");
    }
}
