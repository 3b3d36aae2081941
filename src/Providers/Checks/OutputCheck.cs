using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace SpeedKings.Bench.Providers.Checks;

/// <summary>
/// Whether a tool call's arguments or a structured answer is valid against the request's JSON Schema, checked after
/// the stream (never on the clock) with JsonSchema.Net. The answer is a problem in one sentence, or null when valid.
/// </summary>
internal static class OutputCheck
{
    // One built schema per schema text: a prompt's schema is checked on every request of the run.
    private static readonly ConcurrentDictionary<string, JsonSchema> Built = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions ListErrors = new() { OutputFormat = OutputFormat.List };

    /// <summary>Whether <paramref name="schema"/> is a JSON Schema the checker can use; the problem otherwise.</summary>
    public static bool TryLoad(JsonElement schema, out string? problem)
    {
        try
        {
            _ = Schema(schema);
            problem = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or JsonSchemaException)
        {
            problem = e.Message;
            return false;
        }
    }

    /// <summary>Null when <paramref name="output"/> is JSON valid against <paramref name="schema"/>; else what is wrong, in one sentence.</summary>
    public static string? Problem(JsonElement schema, string output)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(output);
        }
        catch (JsonException e)
        {
            return $"the output is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')})";
        }

        using (document)
        {
            EvaluationResults results = Schema(schema).Evaluate(document.RootElement, ListErrors);
            if (results.IsValid)
                return null;
            EvaluationResults? failed = results.Details?.FirstOrDefault(d => d.Errors is { Count: > 0 }) ?? (results.Errors is { Count: > 0 } ? results : null);
            if (failed?.Errors is not { } errors)
                return "the output does not match the schema";
            string where = failed.InstanceLocation.ToString() is { Length: > 0 } pointer ? pointer : "/";
            return $"the output does not match the schema at {where}: {errors.First().Value}";
        }
    }

    // Built from a clone: the schema keeps the element, which must outlive the document it was read from.
    private static JsonSchema Schema(JsonElement schema)
        => Built.GetOrAdd(schema.GetRawText(), static (_, element) => JsonSchema.Build(element.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }), schema);
}
