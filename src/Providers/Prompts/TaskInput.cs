using System.Text.Json;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Providers.Prompts;

/// <summary>
/// What a prompt's task sends besides its messages, read from data/prompts.json: a batch of texts to embed, images,
/// a tool to call, a schema to answer in. Shared by every request of the prompt; never changed after loading.
/// </summary>
public sealed record TaskInput
{
    public static readonly TaskInput Chat = new();

    public InferenceTask Kind { get; init; } = InferenceTask.Chat;

    /// <summary>Embed: the texts of one request, in order; their count is the batch size.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Vision: the images sent after the question, in order.</summary>
    public IReadOnlyList<ImageInput> Images { get; init; } = [];

    /// <summary>ToolCall: the one tool the request defines and requires the model to call.</summary>
    public ToolDefinition? Tool { get; init; }

    /// <summary>Json: the schema the answer must follow.</summary>
    public OutputSchema? Schema { get; init; }

    /// <summary>The schema an output is checked against: the tool's parameters or the answer's schema; null for other tasks.</summary>
    public JsonElement? CheckedSchema => Tool?.Parameters ?? Schema?.Schema;
}

/// <summary>One shipped image: a file of data/images, its stated pixel size, and its bytes as base64 for the request body.</summary>
public sealed record ImageInput(string File, string MediaType, int Width, int Height, string Base64)
{
    /// <summary>The image as a data URL, the form OpenAI-style <c>image_url</c> parts take.</summary>
    public string DataUrl => $"data:{MediaType};base64,{Base64}";
}

/// <summary>A function tool: its name, what it does, and the JSON Schema of its arguments.</summary>
public sealed record ToolDefinition(string Name, string Description, JsonElement Parameters);

/// <summary>A named JSON Schema for structured output.</summary>
public sealed record OutputSchema(string Name, JsonElement Schema);
