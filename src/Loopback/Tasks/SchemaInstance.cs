using System.Buffers;
using System.Text.Json;

namespace SpeedKings.Bench.Loopback.Tasks;

/// <summary>
/// The loopback's answer to a tool call or a JSON-schema request: an instance of the schema, made from the schema
/// alone (objects with every listed property, the first enum value, a word for a string, a number from the seed,
/// minItems items), so it is valid by construction — or, when asked, invalid by one left-out required property. The
/// client's validator is a separate library, so the two check each other. ASCII only: a chunk boundary never splits a
/// character.
/// </summary>
internal static class SchemaInstance
{
    private static readonly string[] Words = ["amber", "basalt", "cedar", "delta", "ember", "fjord", "granite", "harbor"];

    /// <param name="violate">Leave out the top-level object's first required property.</param>
    public static byte[] Write(JsonElement schema, int seed, bool violate)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
            WriteValue(json, schema, seed, violate);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter json, JsonElement schema, int seed, bool violate)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            json.WriteNullValue(); // true / {} accept anything
            return;
        }

        if (schema.TryGetProperty("const", out JsonElement constant))
        {
            constant.WriteTo(json);
            return;
        }

        if (schema.TryGetProperty("enum", out JsonElement choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            choices[0].WriteTo(json);
            return;
        }

        foreach (string alternatives in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(alternatives, out JsonElement options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
            {
                WriteValue(json, options[0], seed, violate);
                return;
            }
        }

        switch (TypeOf(schema))
        {
            case "object":
                WriteObject(json, schema, seed, violate);
                break;
            case "array":
                int count = schema.TryGetProperty("minItems", out JsonElement min) && min.TryGetInt32(out int least) ? Math.Max(least, 1) : 1;
                json.WriteStartArray();
                for (int i = 0; i < count; i++)
                    WriteValue(json, schema.TryGetProperty("items", out JsonElement items) ? items : default, seed + i + 1, false);
                json.WriteEndArray();
                break;
            case "integer":
                json.WriteNumberValue(1900 + (Math.Abs(seed) % 120));
                break;
            case "number":
                json.WriteNumberValue(12.5 + (Math.Abs(seed) % 10));
                break;
            case "boolean":
                json.WriteBooleanValue(seed % 2 == 0);
                break;
            case "null":
                json.WriteNullValue();
                break;
            default:
                json.WriteStringValue(Words[Math.Abs(seed) % Words.Length]);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter json, JsonElement schema, int seed, bool violate)
    {
        string? leftOut = violate && schema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array && required.GetArrayLength() > 0
            ? required[0].GetString()
            : null;
        json.WriteStartObject();
        if (schema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
        {
            int index = 0;
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                index++;
                if (property.Name == leftOut)
                    continue;
                json.WritePropertyName(property.Name);
                WriteValue(json, property.Value, seed + index, false);
            }
        }

        json.WriteEndObject();
    }

    /// <summary>The schema's type: the first non-null one of a list, else what its keywords imply.</summary>
    private static string? TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out JsonElement type))
        {
            if (type.ValueKind == JsonValueKind.String)
                return type.GetString();
            if (type.ValueKind == JsonValueKind.Array)
                return type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") ?? "null";
        }

        return schema.TryGetProperty("properties", out _) ? "object" : schema.TryGetProperty("items", out _) ? "array" : null;
    }
}
