using System.Text.Json;

namespace SpeedKings.Bench.Loopback.Tasks;

/// <summary>
/// What a chat body asks beyond text, in whichever format it came: a tool to call (OpenAI <c>tools[].function</c>,
/// Anthropic <c>tools[]</c> with <c>input_schema</c>, Gemini <c>tools[].functionDeclarations[]</c>), a schema to answer in
/// (OpenAI <c>response_format.json_schema.schema</c>, Gemini <c>generationConfig.responseJsonSchema</c>, Ollama
/// <c>format</c>), and images in its messages. The formats' field names do not overlap, so one reader serves them all.
/// </summary>
internal static class TaskRequest
{
    public static (RequestedOutput? Output, int Images, int ImageTokens) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return (null, 0, 0);
        (int images, int tokens) = (0, 0);
        foreach (string messages in (ReadOnlySpan<string>)["messages", "contents"])
        {
            if (root.TryGetProperty(messages, out JsonElement list))
            {
                (int i, int t) = ImageTokens.InMessages(list);
                (images, tokens) = (images + i, tokens + t);
            }
        }

        return (Tool(root) ?? Schema(root), images, tokens);
    }

    private static RequestedOutput? Tool(JsonElement root)
    {
        if (!root.TryGetProperty("tools", out JsonElement tools) || tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
            return null;
        JsonElement first = tools[0];
        if (first.ValueKind != JsonValueKind.Object)
            return null;
        if (first.TryGetProperty("function", out JsonElement function))
            return RequestedOutput.Tool(function, "name", "parameters");
        if (first.TryGetProperty("functionDeclarations", out JsonElement declarations) && declarations.ValueKind == JsonValueKind.Array && declarations.GetArrayLength() > 0)
            return RequestedOutput.Tool(declarations[0], "name", "parametersJsonSchema") ?? RequestedOutput.Tool(declarations[0], "name", "parameters");
        return RequestedOutput.Tool(first, "name", "input_schema");
    }

    private static RequestedOutput? Schema(JsonElement root)
    {
        if (root.TryGetProperty("response_format", out JsonElement format) && format.ValueKind == JsonValueKind.Object
            && format.TryGetProperty("json_schema", out JsonElement named) && named.ValueKind == JsonValueKind.Object)
        {
            // OpenAI names its schema ({"name", "schema"}); Cohere's json_object takes the schema itself.
            return RequestedOutput.Json(named.TryGetProperty("schema", out JsonElement schema) ? schema : named);
        }

        if (root.TryGetProperty("generationConfig", out JsonElement config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("responseJsonSchema", out JsonElement gemini))
            return RequestedOutput.Json(gemini);
        return root.TryGetProperty("format", out JsonElement ollama) ? RequestedOutput.Json(ollama) : null;
    }
}
