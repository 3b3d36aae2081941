using System.Text.Json;

namespace SpeedKings.Bench.Loopback.Embeddings;

/// <summary>The embedding routes the loopback imitates, each with its own body: where the texts are, how vectors and usage go back.</summary>
internal enum EmbeddingDialect
{
    /// <summary><c>POST …/embeddings</c>: <c>{"model", "input": [..]}</c> → <c>{"data": [{"embedding": [..]}], "usage": {"prompt_tokens"}}</c>.</summary>
    OpenAi,

    /// <summary><c>POST /api/embed</c>: <c>{"model", "input": [..]}</c> → <c>{"embeddings": [[..]], "prompt_eval_count"}</c>.</summary>
    Ollama,

    /// <summary><c>POST /v2/embed</c>: <c>{"model", "texts": [..]}</c> → <c>{"embeddings": {"float": [[..]]}, "meta": {"billed_units": {"input_tokens"}}}</c>.</summary>
    Cohere,

    /// <summary><c>POST …/models/{model}:batchEmbedContents</c>: <c>{"requests": [{"content": {"parts": [{"text"}]}}]}</c> → <c>{"embeddings": [{"values": [..]}]}</c>, no usage.</summary>
    Gemini,
}

/// <summary>Reads the texts of an embedding body in its dialect; the error is one sentence for a 400.</summary>
internal static class EmbeddingRequestReader
{
    public static bool TryRead(EmbeddingDialect dialect, JsonElement body, string? routeModel, out string model, out List<string> inputs, out string? error)
    {
        inputs = [];
        model = routeModel ?? "";
        error = null;
        if (body.ValueKind != JsonValueKind.Object)
            return Fail("The request body must be a JSON object.", out error);
        if (dialect != EmbeddingDialect.Gemini)
        {
            if (!body.TryGetProperty("model", out JsonElement named) || named.GetString() is not { Length: > 0 } id)
                return Fail("'model' must be a non-empty string.", out error);
            model = id;
        }

        string field = dialect switch { EmbeddingDialect.Cohere => "texts", EmbeddingDialect.Gemini => "requests", _ => "input" };
        if (!body.TryGetProperty(field, out JsonElement list))
            return Fail($"'{field}' is required.", out error);
        if (list.ValueKind == JsonValueKind.String && dialect is EmbeddingDialect.OpenAi or EmbeddingDialect.Ollama)
        {
            inputs.Add(list.GetString()!);
            return true;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            return Fail($"'{field}' must be a non-empty array.", out error);
        foreach (JsonElement item in list.EnumerateArray())
        {
            string? text = dialect == EmbeddingDialect.Gemini ? GeminiText(item) : item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (text is null)
                return Fail($"'{field}[{inputs.Count}]' must be {(dialect == EmbeddingDialect.Gemini ? "a request with content.parts[].text" : "a string")}.", out error);
            inputs.Add(text);
        }

        return true;
    }

    private static string? GeminiText(JsonElement request)
        => request.ValueKind == JsonValueKind.Object && request.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.Object
           && content.TryGetProperty("parts", out JsonElement parts) && parts.ValueKind == JsonValueKind.Array
            ? string.Concat(parts.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out JsonElement t) ? t.GetString() : null))
            : null;

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
