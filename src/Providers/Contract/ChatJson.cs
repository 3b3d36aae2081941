using System.Buffers;
using System.Text.Json;

namespace SpeedKings.Bench.Providers.Contract;

/// <summary>Request-body writing shared by the formats that take a role/content message list.</summary>
internal static class ChatJson
{
    /// <summary>Writes a request body with <paramref name="write"/> and returns its bytes (built before the clock starts).</summary>
    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>"messages": [ {"role":"system",…}?, …history, {"role":"user",…} ]</c>.</summary>
    /// <param name="markSharedPrefix">
    /// Anthropic: split a shared prefix into its own text block with <c>cache_control</c>, and mark the end of a
    /// conversation's turn, since that provider caches only what a request marks; the others cache on their own and
    /// get plain messages.
    /// </param>
    /// <param name="images">How the format attaches a vision request's images to its question.</param>
    public static void WriteMessages(Utf8JsonWriter json, ChatRequest request, bool includeSystem = true, bool markSharedPrefix = false, ImageParts images = ImageParts.ImageUrl)
    {
        json.WriteStartArray("messages"u8);
        if (includeSystem && request.System is { } system)
            WriteMessage(json, "system", system);
        // A conversation's marked turn is a text block; its earlier questions go as blocks too, so the next turn's
        // history reads exactly as this turn was sent, up to the breakpoint.
        bool conversationBlocks = markSharedPrefix && request.Turn is not null;
        foreach (PriorMessage message in request.History)
        {
            if (conversationBlocks && !message.IsAssistant)
                WriteUserBlocks(json, message.Text, [], marked: false);
            else
                WriteMessage(json, message.Role, message.Text);
        }

        if (request.Task.Images.Count > 0)
            WriteUserWithImages(json, request.User, request.Task.Images, images);
        else if (markSharedPrefix && request.SharedPrefixChars > 0)
            WriteUserBlocks(json, request.User.AsSpan(0, request.SharedPrefixChars), request.User.AsSpan(request.SharedPrefixChars), marked: true);
        else if (conversationBlocks)
            WriteUserBlocks(json, request.User, [], marked: true);
        else
            WriteMessage(json, "user", request.User);
        json.WriteEndArray();
    }

    /// <summary>A user message as text blocks: <paramref name="first"/>, with <c>cache_control</c> when marked, then <paramref name="rest"/> if any.</summary>
    private static void WriteUserBlocks(Utf8JsonWriter json, ReadOnlySpan<char> first, ReadOnlySpan<char> rest, bool marked)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, "user"u8);
        json.WriteStartArray("content"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, first);
        if (marked)
        {
            json.WriteStartObject("cache_control"u8);
            json.WriteString("type"u8, "ephemeral"u8);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (!rest.IsEmpty)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "text"u8);
            json.WriteString("text"u8, rest);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary><c>"tools": [{"type": "function", "function": {name, description, parameters}}]</c>: OpenAI's shape, which Cohere v2 and Ollama take too.</summary>
    public static void WriteFunctionTools(Utf8JsonWriter json, Prompts.ToolDefinition tool)
    {
        json.WriteStartArray("tools"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "function"u8);
        json.WriteStartObject("function"u8);
        json.WriteString("name"u8, tool.Name);
        json.WriteString("description"u8, tool.Description);
        json.WritePropertyName("parameters"u8);
        tool.Parameters.WriteTo(json);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>The question as a text part, then each image in the format's own part.</summary>
    private static void WriteUserWithImages(Utf8JsonWriter json, string text, IReadOnlyList<Prompts.ImageInput> images, ImageParts style)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, "user"u8);
        if (style == ImageParts.OllamaImages)
        {
            json.WriteString("content"u8, text);
            json.WriteStartArray("images"u8);
            foreach (Prompts.ImageInput image in images)
                json.WriteStringValue(image.Base64);
            json.WriteEndArray();
            json.WriteEndObject();
            return;
        }

        json.WriteStartArray("content"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, text);
        json.WriteEndObject();
        foreach (Prompts.ImageInput image in images)
        {
            json.WriteStartObject();
            if (style == ImageParts.AnthropicBlocks)
            {
                json.WriteString("type"u8, "image"u8);
                json.WriteStartObject("source"u8);
                json.WriteString("type"u8, "base64"u8);
                json.WriteString("media_type"u8, image.MediaType);
                json.WriteString("data"u8, image.Base64);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("type"u8, "image_url"u8);
                json.WriteStartObject("image_url"u8);
                json.WriteString("url"u8, image.DataUrl);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, role);
        json.WriteString("content"u8, content);
        json.WriteEndObject();
    }
}

/// <summary>How a messages-style format attaches images to a user message.</summary>
internal enum ImageParts
{
    /// <summary>OpenAI-style <c>{"type": "image_url", "image_url": {"url": "data:…"}}</c> parts (OpenAI family, Cohere v2).</summary>
    ImageUrl,

    /// <summary>Anthropic's <c>{"type": "image", "source": {"type": "base64", …}}</c> blocks.</summary>
    AnthropicBlocks,

    /// <summary>Ollama's native <c>"images": ["base64…"]</c> beside the message's text.</summary>
    OllamaImages,
}
