using System.Text.Json;
using SpeedKings.Bench.Metrics.Data;

namespace SpeedKings.Bench.Providers.Prompts;

/// <summary>The prompt set of <c>data/prompts.json</c>; its version is recorded with every run.</summary>
internal sealed class PromptSet(string version, IReadOnlyList<PromptDefinition> prompts)
{
    public string Version { get; } = version;

    public IReadOnlyList<PromptDefinition> Prompts { get; } = prompts;

    public PromptDefinition Find(string id)
        => Prompts.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))
           ?? throw new KeyNotFoundException($"unknown prompt size '{id}'; known sizes: {string.Join(", ", Prompts.Select(p => p.Id))}.");

    public static PromptSet Load(string path)
    {
        using var file = JsonDataFile.Open(path);
        return Read(file, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <param name="folder">Where the file lies: a vision prompt's images are named relative to it.</param>
    public static PromptSet Read(JsonDataFile file, string? folder = null)
    {
        JsonElement root = file.ObjectAt(file.Root, "the top level");
        string version = file.Text(root, "version", "");
        var prompts = new List<PromptDefinition>();
        int index = 0;
        foreach (JsonElement item in file.Array(root, "prompts", ""))
        {
            string at = $"prompts[{index++}]";
            file.ObjectAt(item, at);
            if (TaskInputs.Read(file, item, at, folder) is { Kind: not Contract.InferenceTask.Chat } task)
            {
                prompts.Add(Unique(file, prompts, TaskInputs.Prompt(file, item, at, task), at));
                continue;
            }

            int? context = item.TryGetProperty("context", out JsonElement contextItem)
                ? file.WholeNumber(file.ObjectAt(contextItem, JsonDataFile.Join(at, "context")), "tokens", JsonDataFile.Join(at, "context"), min: 64)
                : null;
            string[] turns = item.TryGetProperty("turns", out _) ? Turns(file, item, at) : [file.Text(item, "user", at)];
            string user = turns[0];
            string? system = file.OptionalText(item, "system", at);
            var prompt = new PromptDefinition(
                Id: file.Text(item, "id", at),
                Description: file.Text(item, "description", at),
                System: system,
                User: user,
                // A context class's input is its document plus the question, counted; a plain prompt states its count.
                ExpectedInputTokens: context is { } tokens ? ContextDocument.MessageTokens(tokens, user) : turns.Length > 1 ? 0 : file.WholeNumber(item, "expectedInputTokens", at, min: 1),
                ExpectedOutputTokens: file.WholeNumber(item, "expectedOutputTokens", at, min: 1),
                MaxTokens: file.WholeNumber(item, "maxTokens", at, min: 1))
            {
                ContextTokens = context,
                SharesPrefix = context is not null && file.OptionalBoolean(contextItem, "sharedPrefix", JsonDataFile.Join(at, "context"), fallback: false),
                FollowUps = turns[1..],
            };
            if (prompt.IsConversation)
                prompt = Conversation(prompt);
            if (prompt.MaxTokens < prompt.ExpectedOutputTokens)
                throw file.Error(JsonDataFile.Join(at, "maxTokens"), $"expected at least expectedOutputTokens ({prompt.ExpectedOutputTokens}), found {prompt.MaxTokens}");
            prompts.Add(Unique(file, prompts, prompt, at));
        }

        return new PromptSet(version, prompts);
    }

    private static PromptDefinition Unique(JsonDataFile file, List<PromptDefinition> prompts, PromptDefinition prompt, string at)
        => prompts.Any(p => string.Equals(p.Id, prompt.Id, StringComparison.OrdinalIgnoreCase))
            ? throw file.Error(JsonDataFile.Join(at, "id"), $"expected a unique id, but '{prompt.Id}' appears twice")
            : prompt;

    /// <summary><c>"turns": ["first question", "follow-up", …]</c> in place of <c>"user"</c>: a conversation of at least two turns.</summary>
    private static string[] Turns(JsonDataFile file, JsonElement item, string at)
    {
        string turnsAt = JsonDataFile.Join(at, "turns");
        var turns = new List<string>();
        foreach (JsonElement turn in file.Array(item, "turns", at))
        {
            turns.Add(turn.ValueKind == JsonValueKind.String && turn.GetString() is { Length: > 0 } text
                ? text
                : throw file.Error($"{turnsAt}[{turns.Count}]", "expected a question's text"));
        }

        return turns.Count >= 2 ? [.. turns] : throw file.Error(turnsAt, $"expected at least two turns for a conversation, found {turns.Count}; a single request uses \"user\"");
    }

    /// <summary>A conversation planned from its counted turns: the mean input per turn, and the last turn's at worst.</summary>
    private static PromptDefinition Conversation(PromptDefinition prompt)
    {
        int first = (prompt.ContextTokens is not null ? prompt.ExpectedInputTokens : Tokens.TokenCounter.Default.Count(prompt.User))
                    + Tokens.TokenCounter.Default.Count(prompt.System);
        var (mean, worst) = PromptDefinition.ConversationInput(
            first, [.. prompt.FollowUps.Select(q => Tokens.TokenCounter.Default.Count(q))], prompt.ExpectedOutputTokens, prompt.MaxTokens);
        return prompt with { ExpectedInputTokens = mean, WorstInputTokens = worst };
    }
}
