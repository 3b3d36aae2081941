using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpeedKings.Bench.Reporting;

/// <summary>Saves and reads run records: indented JSON, camelCase, enums by name, NaN for figures a case did not have.</summary>
internal static class RunRecordFile
{
    public const string Prefix = "speedkings-run-";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Save(RunRecord record, string resultsDirectory)
    {
        Directory.CreateDirectory(resultsDirectory);
        string path = PathFor(record, resultsDirectory);
        File.WriteAllText(path, JsonSerializer.Serialize(record, Options));
        return path;
    }

    public static string PathFor(RunRecord record, string resultsDirectory) => Path.Combine(resultsDirectory, $"{Prefix}{record.RunId}.json");

    /// <summary>Reads a run record by file path, or the record inside a results folder.</summary>
    /// <exception cref="ArgumentException">One sentence: the file is missing or is not a run record.</exception>
    public static RunRecord Load(string path)
    {
        if (Directory.Exists(path))
        {
            path = Directory.GetFiles(path, Prefix + "*.json").Order(StringComparer.Ordinal).LastOrDefault()
                ?? throw new ArgumentException($"{path} holds no {Prefix}*.json run record");
        }

        if (!File.Exists(path))
            throw new ArgumentException($"{path} does not exist; give a {Prefix}*.json file or the results folder that holds one");
        try
        {
            RunRecord? record = JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Options);
            return record is { Schema: RunRecord.CurrentSchema }
                ? record
                : throw new ArgumentException($"{path} is not a run record of schema {RunRecord.CurrentSchema}");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path} is not a readable run record ({e.Message.Split(". ")[0]})", e);
        }
    }
}
