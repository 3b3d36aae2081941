using System.Text.Json;

namespace SpeedKings.Bench.Loopback.Tasks;

/// <summary>
/// What a chat request asked the output to be besides text: a call of one tool (its name and argument schema), or an
/// answer following a JSON Schema. Read by each format's request reader; the schema is a clone that outlives the body.
/// </summary>
internal sealed record RequestedOutput(string? ToolName, JsonElement Schema)
{
    public bool IsToolCall => ToolName is not null;

    /// <summary>A tool the request defines: its name and parameter schema, when both are there.</summary>
    public static RequestedOutput? Tool(JsonElement tool, string nameProperty, string schemaProperty)
        => tool.ValueKind == JsonValueKind.Object
           && tool.TryGetProperty(nameProperty, out JsonElement name) && name.ValueKind == JsonValueKind.String
           && tool.TryGetProperty(schemaProperty, out JsonElement schema) && schema.ValueKind == JsonValueKind.Object
            ? new RequestedOutput(name.GetString(), schema.Clone())
            : null;

    public static RequestedOutput? Json(JsonElement schema)
        => schema.ValueKind == JsonValueKind.Object ? new RequestedOutput(null, schema.Clone()) : null;
}
