using System.Text.Json;

namespace SpeedKings.Bench.Metrics.Records;

/// <summary>
/// The connections a case's benchmark process opened while warming its pool, before any request: one small JSON file
/// beside the case's record file, written once by the benchmark process and read by the host for the case's figures.
/// </summary>
internal static class ConnectionLog
{
    public static string PathFor(string recordFile) => Path.ChangeExtension(recordFile, ".connections.json");

    public static void Save(string recordFile, IReadOnlyList<ConnectionSetup> connections)
        => File.WriteAllText(PathFor(recordFile), JsonSerializer.Serialize(connections, RecordJsonContext.Default.IReadOnlyListConnectionSetup));

    /// <summary>What was saved for the case; empty when nothing was (a resumed case from before, or no warming).</summary>
    public static IReadOnlyList<ConnectionSetup> Load(string recordFile)
    {
        string path = PathFor(recordFile);
        if (!File.Exists(path))
            return [];
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), RecordJsonContext.Default.IReadOnlyListConnectionSetup) ?? [];
        }
        catch (JsonException)
        {
            // A torn file (the process was killed while writing it) costs only the set-up figure.
            return [];
        }
    }
}
