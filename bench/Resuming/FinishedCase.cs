using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpeedKings.Bench.Resuming;

/// <summary>
/// What BenchmarkDotNet measured for a case that finished, kept beside its records so that a resumed run can report
/// the case without sending its requests again: the iteration measurements (in BenchmarkDotNet's own line format,
/// which it parses back losslessly at 0.01 ns), the byte range of the record file its measured requests occupy, and
/// the harness error measured against the loopback's ground truth and the engine's scraped figures, which lived only in
/// the processes that are gone.
/// Written once the case has ended, by rename, so a kill leaves either the whole file or none.
/// </summary>
internal sealed record FinishedCase(long MeasuredFrom, long? MeasuredTo, IReadOnlyList<string> Measurements, double? HarnessErrorP50Ms, Diagnosers.EngineFigures? Engine = null)
{
    /// <summary>The kept outcome of the case whose records are in <paramref name="recordFile"/>.</summary>
    public static string PathFor(string recordFile) => Path.ChangeExtension(recordFile, ".finished.json");

    public static FinishedCase? Load(string recordFile)
    {
        string path = PathFor(recordFile);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), FinishedCaseJson.Default.FinishedCase) is { Measurements.Count: > 0 } kept ? kept : null;
        }
        catch (JsonException)
        {
            return null; // not ours or damaged by hand: the case runs again
        }
    }

    public void Save(string recordFile)
    {
        string path = PathFor(recordFile);
        string partial = path + ".partial";
        File.WriteAllBytes(partial, JsonSerializer.SerializeToUtf8Bytes(this, FinishedCaseJson.Default.FinishedCase));
        File.Move(partial, path, overwrite: true);
    }
}

[JsonSerializable(typeof(FinishedCase))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class FinishedCaseJson : JsonSerializerContext;
