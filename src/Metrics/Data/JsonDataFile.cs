using System.Text.Json;

namespace SpeedKings.Bench.Metrics.Data;

/// <summary>
/// Reads a hand-edited JSON data file and turns every mistake into a <see cref="DataFileException"/> that says
/// where it is (<c>pricing.json: entries[3].output</c>) and what was expected there.
/// </summary>
internal sealed class JsonDataFile : IDisposable
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private readonly JsonDocument _document;

    private JsonDataFile(string name, JsonDocument document)
    {
        Name = name;
        _document = document;
    }

    /// <summary>The file name used in messages.</summary>
    public string Name { get; }

    public JsonElement Root => _document.RootElement;

    public static JsonDataFile Open(string path)
    {
        string name = Path.GetFileName(path);
        if (!File.Exists(path))
            throw new DataFileException($"{name}: the file {path} does not exist.");
        return Parse(name, File.ReadAllBytes(path));
    }

    public static JsonDataFile Parse(string name, ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return new JsonDataFile(name, JsonDocument.Parse(utf8, Options));
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "somewhere";
            throw new DataFileException($"{name}: not valid JSON at {where}; fix the syntax there (a missing comma or quote is typical).", e);
        }
    }

    public DataFileException Error(string at, string expected) => new($"{Name}: {at}: {expected}.");

    public JsonElement ObjectAt(JsonElement element, string at)
        => element.ValueKind == JsonValueKind.Object ? element : throw Error(at, $"expected an object, found {Describe(element)}");

    public JsonElement.ArrayEnumerator Array(JsonElement parent, string property, string at)
    {
        JsonElement value = Required(parent, property, at);
        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw Error(Join(at, property), $"expected an array, found {Describe(value)}");
    }

    public string Text(JsonElement parent, string property, string at)
        => OptionalText(parent, property, at) ?? throw Error(Join(at, property), "expected a non-empty string, but it is missing");

    public string? OptionalText(JsonElement parent, string property, string at)
    {
        if (!parent.TryGetProperty(property, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw Error(Join(at, property), $"expected a non-empty string, found {Describe(value)}");
        return value.GetString();
    }

    public double Number(JsonElement parent, string property, string at, double min = double.MinValue)
        => OptionalNumber(parent, property, at, min) ?? throw Error(Join(at, property), "expected a number, but it is missing");

    public double? OptionalNumber(JsonElement parent, string property, string at, double min = double.MinValue)
    {
        if (!parent.TryGetProperty(property, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !double.IsFinite(number))
            throw Error(Join(at, property), $"expected a number, found {Describe(value)}");
        if (number < min)
            throw Error(Join(at, property), $"expected a number of at least {min}, found {number}");
        return number;
    }

    public int WholeNumber(JsonElement parent, string property, string at, int min = int.MinValue)
        => OptionalWholeNumber(parent, property, at, min) ?? throw Error(Join(at, property), "expected a whole number, but it is missing");

    public int? OptionalWholeNumber(JsonElement parent, string property, string at, int min = int.MinValue)
    {
        if (!parent.TryGetProperty(property, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number))
            throw Error(Join(at, property), $"expected a whole number, found {Describe(value)}");
        if (number < min)
            throw Error(Join(at, property), $"expected a whole number of at least {min}, found {number}");
        return number;
    }

    public bool OptionalBoolean(JsonElement parent, string property, string at, bool fallback)
    {
        if (!parent.TryGetProperty(property, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(Join(at, property), $"expected true or false, found {Describe(value)}"),
        };
    }

    public DateOnly Date(JsonElement parent, string property, string at)
    {
        string text = Text(parent, property, at);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", out DateOnly date)
            ? date
            : throw Error(Join(at, property), $"expected a date as yyyy-MM-dd, found \"{text}\"");
    }

    public static string Join(string at, string property) => at.Length == 0 ? property : $"{at}.{property}";

    public void Dispose() => _document.Dispose();

    private JsonElement Required(JsonElement parent, string property, string at)
        => parent.TryGetProperty(property, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw Error(Join(at, property), "is missing");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
