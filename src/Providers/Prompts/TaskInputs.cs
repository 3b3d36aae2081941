using System.Buffers.Binary;
using System.Text.Json;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Providers.Checks;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Tokens;

namespace SpeedKings.Bench.Providers.Prompts;

/// <summary>
/// Reads a prompt entry's task: <c>"task": "embed"</c> with <c>inputs</c> (and a <c>batch</c> size they are cycled
/// to), <c>"vision"</c> with <c>images</c> (PNG files beside the prompt file), <c>"toolCall"</c> with a <c>tool</c>,
/// <c>"json"</c> with a <c>schema</c>. Mistakes are refused with the place and what was expected.
/// </summary>
internal static class TaskInputs
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static TaskInput Read(JsonDataFile file, JsonElement item, string at, string? folder)
    {
        string? name = file.OptionalText(item, "task", at);
        if (name is null)
            return TaskInput.Chat;
        if (!Enum.TryParse(name, ignoreCase: true, out InferenceTask kind) || !Enum.IsDefined(kind))
            throw file.Error(JsonDataFile.Join(at, "task"), $"expected one of chat, embed, vision, toolCall or json, found \"{name}\"");
        return kind switch
        {
            InferenceTask.Embed => new TaskInput { Kind = kind, Inputs = Inputs(file, item, at) },
            InferenceTask.Vision => new TaskInput { Kind = kind, Images = Images(file, item, at, folder) },
            InferenceTask.ToolCall => new TaskInput { Kind = kind, Tool = Tool(file, item, at) },
            InferenceTask.Json => new TaskInput { Kind = kind, Schema = Schema(file, item, at) },
            _ => TaskInput.Chat,
        };
    }

    /// <summary>
    /// The prompt of a task: an embedding batch is planned at its counted input and no output; the others state their
    /// input (images and tool definitions are counted by each provider its own way) and output like a chat prompt.
    /// </summary>
    public static PromptDefinition Prompt(JsonDataFile file, JsonElement item, string at, TaskInput task)
    {
        string id = file.Text(item, "id", at), description = file.Text(item, "description", at);
        if (task.Kind == InferenceTask.Embed)
        {
            int tokens = task.Inputs.Sum(text => TokenCounter.Default.Count(text));
            return new PromptDefinition(id, description, null, "", tokens, 0, 0) { Task = task };
        }

        var prompt = new PromptDefinition(
            id, description, file.OptionalText(item, "system", at), file.Text(item, "user", at),
            file.WholeNumber(item, "expectedInputTokens", at, min: 1), file.WholeNumber(item, "expectedOutputTokens", at, min: 1),
            file.WholeNumber(item, "maxTokens", at, min: 1)) { Task = task };
        return prompt.MaxTokens >= prompt.ExpectedOutputTokens
            ? prompt
            : throw file.Error(JsonDataFile.Join(at, "maxTokens"), $"expected at least expectedOutputTokens ({prompt.ExpectedOutputTokens}), found {prompt.MaxTokens}");
    }

    /// <summary>The texts, cycled to the batch size; a repeat carries its round number so no two inputs of a request are equal.</summary>
    private static List<string> Inputs(JsonDataFile file, JsonElement item, string at)
    {
        var texts = new List<string>();
        foreach (JsonElement text in file.Array(item, "inputs", at))
        {
            texts.Add(text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } value
                ? value
                : throw file.Error($"{JsonDataFile.Join(at, "inputs")}[{texts.Count}]", "expected a text to embed"));
        }

        if (texts.Count == 0)
            throw file.Error(JsonDataFile.Join(at, "inputs"), "expected at least one text to embed");
        int batch = file.OptionalWholeNumber(item, "batch", at, min: 1) ?? texts.Count;
        return [.. Enumerable.Range(0, batch).Select(i => i < texts.Count ? texts[i] : $"{texts[i % texts.Count]} ({(i / texts.Count) + 1})")];
    }

    private static List<ImageInput> Images(JsonDataFile file, JsonElement item, string at, string? folder)
    {
        var images = new List<ImageInput>();
        foreach (JsonElement entry in file.Array(item, "images", at))
        {
            string where = $"{JsonDataFile.Join(at, "images")}[{images.Count}]";
            string relative = entry.ValueKind == JsonValueKind.String && entry.GetString() is { Length: > 0 } name
                ? name
                : throw file.Error(where, "expected a PNG file's path, relative to the prompt file");
            string path = Path.Combine(folder ?? ".", relative);
            byte[] bytes = File.Exists(path) ? File.ReadAllBytes(path) : throw file.Error(where, $"expected an existing PNG file, but {path} does not exist");
            if (bytes.Length < 24 || !bytes.AsSpan(0, 8).SequenceEqual(PngSignature))
                throw file.Error(where, $"expected a PNG file, but {relative} does not start with PNG's signature");
            // IHDR is the first chunk: width and height, big-endian, right after its length and type.
            int width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
            images.Add(new ImageInput(relative, "image/png", width, height, Convert.ToBase64String(bytes)));
        }

        return images.Count > 0 ? images : throw file.Error(JsonDataFile.Join(at, "images"), "expected at least one image");
    }

    private static ToolDefinition Tool(JsonDataFile file, JsonElement item, string at)
    {
        string where = JsonDataFile.Join(at, "tool");
        JsonElement tool = item.TryGetProperty("tool", out JsonElement found) ? file.ObjectAt(found, where) : throw file.Error(where, "expected a tool: {\"name\", \"description\", \"parameters\"}");
        return new ToolDefinition(file.Text(tool, "name", where), file.Text(tool, "description", where), SchemaAt(file, tool, "parameters", where));
    }

    private static OutputSchema Schema(JsonDataFile file, JsonElement item, string at)
    {
        string where = JsonDataFile.Join(at, "schema");
        JsonElement schema = item.TryGetProperty("schema", out JsonElement found) ? file.ObjectAt(found, where) : throw file.Error(where, "expected a schema: {\"name\", \"schema\"}");
        return new OutputSchema(file.Text(schema, "name", where), SchemaAt(file, schema, "schema", where));
    }

    /// <summary>A JSON Schema object, refused here when it is not one, so a broken schema never reaches a provider.</summary>
    private static JsonElement SchemaAt(JsonDataFile file, JsonElement owner, string property, string at)
    {
        string where = JsonDataFile.Join(at, property);
        if (!owner.TryGetProperty(property, out JsonElement schema) || schema.ValueKind != JsonValueKind.Object)
            throw file.Error(where, "expected a JSON Schema object");
        return OutputCheck.TryLoad(schema, out string? problem) ? schema.Clone() : throw file.Error(where, $"expected a valid JSON Schema ({problem})");
    }
}
