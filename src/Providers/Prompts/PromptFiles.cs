using System.Text;
using System.Text.Json;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Tokens;

namespace SpeedKings.Bench.Providers.Prompts;

/// <summary>
/// <c>--prompts PATH</c>: your own prompts, each a value of the <c>Prompt</c> param. A <c>.json</c> file in the
/// <c>data/prompts.json</c> schema; a <c>.jsonl</c> file, one request a line (<c>{"id": …, "messages": [{"role":
/// "system"|"user"|"assistant", "content": …}], "max_tokens": …}</c>, id and max tokens optional; earlier user and
/// assistant messages are the history the request sends before its last user message); or a folder whose <c>.txt</c> and
/// <c>.md</c> files are one user prompt each, named after the file. Input tokens are counted with o200k_base; the
/// expected answer is taken as long as max tokens, so the estimate is the worst case. Bad input: one sentence naming
/// the file, the line and the field.
/// </summary>
internal static class PromptFiles
{
    public const int DefaultMaxTokens = 512;

    public static IReadOnlyList<PromptDefinition> Load(string path)
    {
        if (Directory.Exists(path))
            return FromFolder(path);
        if (!File.Exists(path))
            throw new DataFileException($"{path}: no such file or folder; --prompts takes a .json or .jsonl file, or a folder of .txt/.md files");
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" => FromLines(path),
            ".json" => PromptSet.Load(path).Prompts,
            _ => throw new DataFileException($"{path}: --prompts takes a .json or .jsonl file, or a folder of .txt/.md files"),
        };
    }

    private static List<PromptDefinition> FromFolder(string folder)
    {
        var prompts = new List<PromptDefinition>();
        foreach (string file in Directory.GetFiles(folder).Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            string text = File.ReadAllText(file).Trim();
            if (text.Length == 0)
                throw new DataFileException($"{file}: the file is empty; a prompt file holds the prompt's text");
            Add(prompts, Definition(Id(Path.GetFileNameWithoutExtension(file)), file, null, text, DefaultMaxTokens), file);
        }

        return prompts.Count > 0 ? prompts : throw new DataFileException($"{folder}: no .txt or .md file to take prompts from");
    }

    private static List<PromptDefinition> FromLines(string path)
    {
        var prompts = new List<PromptDefinition>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0)
                continue;
            string at = $"{path} line {number}";
            JsonElement request;
            try
            {
                using var document = JsonDocument.Parse(line);
                request = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new DataFileException($"{at}: not a JSON object; each line is one request like {{\"messages\": [{{\"role\": \"user\", \"content\": \"…\"}}]}}");
            }

            if (request.ValueKind != JsonValueKind.Object)
                throw new DataFileException($"{at}: not a JSON object; each line is one request");
            string id = request.TryGetProperty("id", out JsonElement given) && given.ValueKind == JsonValueKind.String && given.GetString() is { Length: > 0 } text
                ? Id(text)
                : $"P{number}";
            int maxTokens = DefaultMaxTokens;
            if (request.TryGetProperty("max_tokens", out JsonElement max) && (!max.TryGetInt32(out maxTokens) || maxTokens < 1))
                throw new DataFileException($"{at}: max_tokens: expected a whole number of at least 1");
            var (system, history, user) = Messages(request, at);
            Add(prompts, Definition(id, at, system, user, maxTokens, history), at);
        }

        return prompts.Count > 0 ? prompts : throw new DataFileException($"{path}: no request in the file");
    }

    /// <summary>
    /// The request's messages: system text, then the conversation so far (user and assistant, consecutive messages of
    /// one role joined), ending with the user message it asks.
    /// </summary>
    private static (string? System, IReadOnlyList<PriorMessage> History, string User) Messages(JsonElement request, string at)
    {
        if (!request.TryGetProperty("messages", out JsonElement messages) || messages.ValueKind != JsonValueKind.Array)
            throw new DataFileException($"{at}: messages: expected an array of {{\"role\", \"content\"}} objects");
        var system = new StringBuilder();
        var turns = new List<PriorMessage>();
        int index = 0;
        foreach (JsonElement message in messages.EnumerateArray())
        {
            string field = $"{at}: messages[{index++}]";
            string? role = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out JsonElement r) ? r.GetString() : null;
            string? content = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (content is null)
                throw new DataFileException($"{field}.content: expected a string");
            switch (role)
            {
                case "system":
                    system.Append(system.Length > 0 ? "\n\n" : "").Append(content);
                    break;
                case PriorMessage.UserRole or PriorMessage.AssistantRole when turns.Count > 0 && turns[^1].Role == role:
                    turns[^1] = turns[^1] with { Text = $"{turns[^1].Text}\n\n{content}" };
                    break;
                case PriorMessage.UserRole or PriorMessage.AssistantRole:
                    turns.Add(new PriorMessage(role, content));
                    break;
                default:
                    throw new DataFileException($"{field}.role: expected system, user or assistant, found '{role}'");
            }
        }

        if (turns.Count == 0 || turns[^1].IsAssistant)
            throw new DataFileException($"{at}: messages: expected the last message to be a user message (the question this request asks)");
        return (system.Length > 0 ? system.ToString() : null, turns[..^1], turns[^1].Text);
    }

    private static PromptDefinition Definition(string id, string source, string? system, string user, int maxTokens, IReadOnlyList<PriorMessage>? history = null)
    {
        int input = (system is null ? 0 : TokenCounter.Default.Count(system)) + TokenCounter.Default.Count(user)
            + (history ?? []).Sum(m => TokenCounter.Default.Count(m.Text));
        return new PromptDefinition(id, source, system, user, Math.Max(input, 1), maxTokens, maxTokens) { History = history ?? [] };
    }

    private static void Add(List<PromptDefinition> prompts, PromptDefinition prompt, string at)
    {
        if (prompts.Any(p => string.Equals(p.Id, prompt.Id, StringComparison.OrdinalIgnoreCase)))
            throw new DataFileException($"{at}: id: '{prompt.Id}' names two prompts; ids must be unique");
        prompts.Add(prompt);
    }

    /// <summary>A param value <c>--filter</c> can match: letters, digits, '-' and '_'.</summary>
    private static string Id(string name)
    {
        var id = new StringBuilder(name.Length);
        foreach (char c in name)
            id.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return id.ToString();
    }
}
