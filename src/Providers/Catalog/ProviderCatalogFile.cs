using System.Text.Json;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>Reads <c>data/providers.json</c>, rejecting mistakes with the place and what was expected.</summary>
internal static class ProviderCatalogFile
{
    public static ProviderCatalog Load(string path)
    {
        using var file = JsonDataFile.Open(path);
        return Read(file);
    }

    public static ProviderCatalog Read(JsonDataFile file)
    {
        JsonElement root = file.ObjectAt(file.Root, "the top level");
        var providers = new List<ProviderDescriptor>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int index = 0;
        foreach (JsonElement item in file.Array(root, "providers", ""))
        {
            string at = $"providers[{index++}]";
            file.ObjectAt(item, at);
            string id = file.Text(item, "id", at);
            if (!seen.Add(id))
                throw file.Error(JsonDataFile.Join(at, "id"), $"expected a unique id, but '{id}' appears twice");

            providers.Add(new ProviderDescriptor(
                Id: id,
                DisplayName: file.OptionalText(item, "displayName", at) ?? id,
                Kind: Parse<ProviderKind>(file, item, "kind", at, "reference, cloud or local"),
                WireFormat: file.Text(item, "wireFormat", at),
                BaseUrl: ReadUrl(file, item, at),
                Auth: file.OptionalText(item, "auth", at) is null ? AuthScheme.None : Parse<AuthScheme>(file, item, "auth", at, "none, bearer, xApiKey, apiKeyHeader or googApiKey"),
                KeyVariables: ReadNames(file, item, "keyVariables", at),
                DefaultModel: file.Text(item, "defaultModel", at),
                MaxTokensField: file.OptionalText(item, "maxTokensField", at) ?? "max_tokens",
                IncludeUsage: file.OptionalBoolean(item, "includeUsage", at, fallback: true),
                Schedule: file.OptionalText(item, "schedule", at),
                KeyRequired: file.OptionalBoolean(item, "keyRequired", at, fallback: true),
                BaseUrlVariables: ReadNames(file, item, "baseUrlVariables", at),
                BaseUrlPath: file.OptionalText(item, "baseUrlPath", at),
                ProbePath: file.OptionalText(item, "probePath", at),
                Tasks: ReadTasks(file, item, at)));
        }

        return new ProviderCatalog(providers);
    }

    /// <summary><c>"tasks": {"embed": {"model": …, "wireFormat": …}, "vision": {}, "toolCall": {}, "json": {}}</c>: what it serves besides chat.</summary>
    private static Dictionary<InferenceTask, TaskSupport>? ReadTasks(JsonDataFile file, JsonElement item, string at)
    {
        if (!item.TryGetProperty("tasks", out JsonElement tasks))
            return null;
        string tasksAt = JsonDataFile.Join(at, "tasks");
        file.ObjectAt(tasks, tasksAt);
        var served = new Dictionary<InferenceTask, TaskSupport>();
        foreach (JsonProperty task in tasks.EnumerateObject())
        {
            string taskAt = JsonDataFile.Join(tasksAt, task.Name);
            if (!Enum.TryParse(task.Name, ignoreCase: true, out InferenceTask kind) || !Enum.IsDefined(kind) || kind == InferenceTask.Chat)
                throw file.Error(taskAt, $"expected one of embed, vision, toolCall or json (chat is always served), found \"{task.Name}\"");
            file.ObjectAt(task.Value, taskAt);
            var support = new TaskSupport(file.OptionalText(task.Value, "model", taskAt), file.OptionalText(task.Value, "wireFormat", taskAt));
            if (kind == InferenceTask.Embed && support.WireFormat is null)
                throw file.Error(taskAt, "expected the embedding route's wireFormat (e.g. openai-embeddings): no chat route embeds");
            served[kind] = support;
        }

        return served;
    }

    private static T Parse<T>(JsonDataFile file, JsonElement item, string property, string at, string allowed) where T : struct, Enum
    {
        string text = file.Text(item, property, at);
        return Enum.TryParse(text, ignoreCase: true, out T value) && Enum.IsDefined(value)
            ? value
            : throw file.Error(JsonDataFile.Join(at, property), $"expected one of {allowed}, found \"{text}\"");
    }

    private static Uri? ReadUrl(JsonDataFile file, JsonElement item, string at)
    {
        string? text = file.OptionalText(item, "baseUrl", at);
        if (text is null)
            return null;
        return Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw file.Error(JsonDataFile.Join(at, "baseUrl"), $"expected an absolute http(s) URL, found \"{text}\"");
    }

    private static List<string> ReadNames(JsonDataFile file, JsonElement item, string property, string at)
    {
        if (!item.TryGetProperty(property, out _))
            return [];
        var names = new List<string>();
        int index = 0;
        foreach (JsonElement name in file.Array(item, property, at))
        {
            if (name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
                throw file.Error($"{at}.{property}[{index}]", "expected a variable name");
            names.Add(name.GetString()!);
            index++;
        }

        return names;
    }
}
