using Microsoft.ML.Tokenizers;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Tests.Providers.Prompts;

/// <summary><c>--prompts</c>: each prompt a param value, input tokens counted, bad files refused in one sentence.</summary>
public sealed class PromptFilesTests : IDisposable
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private readonly string _folder = Directory.CreateTempSubdirectory("speedkings-prompts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_jsonl_file_of_three_requests_gives_three_prompts()
    {
        string path = Write("mine.jsonl", """
            {"id": "support-reply", "messages": [{"role": "system", "content": "You answer tickets."}, {"role": "user", "content": "My order is late."}], "max_tokens": 200}

            {"messages": [{"role": "user", "content": "Summarise the French Revolution in two lines."}]}
            {"id": "sql/query", "messages": [{"role": "user", "content": "Write SQL for the top 5 customers."}]}
            """);

        IReadOnlyList<PromptDefinition> prompts = PromptFiles.Load(path);

        Assert.Equal(["support-reply", "P3", "sql_query"], prompts.Select(p => p.Id));
        Assert.Equal("You answer tickets.", prompts[0].System);
        Assert.Equal(200, prompts[0].MaxTokens);
        Assert.Equal(PromptFiles.DefaultMaxTokens, prompts[1].MaxTokens);
        Assert.Equal(O200k.CountTokens("You answer tickets.") + O200k.CountTokens("My order is late."), prompts[0].ExpectedInputTokens);
        Assert.All(prompts, p => Assert.Equal(p.MaxTokens, p.ExpectedOutputTokens)); // the estimate plans for the worst case
    }

    [Fact]
    public void A_request_with_assistant_messages_sends_them_as_its_history()
    {
        string path = Write("chat.jsonl", """
            {"id": "follow-up", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Name a prime."}, {"role": "assistant", "content": "Seven."}, {"role": "user", "content": "And a larger one?"}]}
            """);

        PromptDefinition prompt = Assert.Single(PromptFiles.Load(path));
        Assert.Equal("And a larger one?", prompt.User);
        Assert.Equal(new PriorMessage[] { new("user", "Name a prime."), new("assistant", "Seven.") }, prompt.History);
        Assert.Equal(O200k.CountTokens("Be brief.") + O200k.CountTokens("Name a prime.") + O200k.CountTokens("Seven.") + O200k.CountTokens("And a larger one?"), prompt.ExpectedInputTokens);
        Assert.Equal(prompt.History, ChatRequest.From(prompt).History);
    }

    [Fact]
    public void A_folder_gives_one_prompt_per_text_file()
    {
        Write("b-review.md", "Review this pull request.");
        Write("a-story.txt", "Tell a story.");
        Write("notes.csv", "ignored");
        Assert.Equal(["a-story", "b-review"], PromptFiles.Load(_folder).Select(p => p.Id));
    }

    [Theory]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 0}""", "line 1: max_tokens: expected a whole number of at least 1")]
    [InlineData("""{"messages": [{"role": "robot", "content": "hi"}]}""", "line 1: messages[0].role: expected system, user or assistant, found 'robot'")]
    [InlineData("""{"messages": [{"role": "user"}]}""", "line 1: messages[0].content: expected a string")]
    [InlineData("""{"messages": []}""", "line 1: messages: expected the last message to be a user message")]
    [InlineData("not json", "line 1: not a JSON object")]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}""", "line 1: messages: expected the last message to be a user message")]
    public void A_bad_line_is_refused_naming_file_line_and_field(string line, string expected)
    {
        string path = Write("bad.jsonl", line);
        var error = Assert.Throws<DataFileException>(() => PromptFiles.Load(path));
        Assert.StartsWith($"{path} {expected}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Two_prompts_with_one_id_are_refused()
    {
        string path = Write("twice.jsonl", "{\"id\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}\n{\"id\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}\n");
        Assert.Contains("line 2: id: 'x' names two prompts", Assert.Throws<DataFileException>(() => PromptFiles.Load(path)).Message);
    }
}
