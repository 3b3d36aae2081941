using Microsoft.ML.Tokenizers;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Prompts;

namespace SpeedKings.Bench.Tests.Providers.Prompts;

/// <summary>The long contexts of the context classes: exact in size, the same everywhere, unique per request.</summary>
public class ContextDocumentTests
{
    // The tokenizer itself, in one piece: not the suite's sliced counter the document was built with.
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    private static readonly PromptDefinition Ctx = new("Ctx1k", "test", null, "What is the archive code given in the logbook above?", 1, 80, 128) { ContextTokens = 1000 };

    [Theory]
    [InlineData(1000)]
    [InlineData(10000)]
    public void A_document_is_exactly_its_size_in_o200k_tokens(int tokens)
        => Assert.Equal(tokens, O200k.CountTokens(ContextDocument.Of(tokens)));

    [Fact]
    public void The_hidden_fact_sits_at_two_thirds_of_the_document()
    {
        string document = ContextDocument.Of(10000);
        int at = document.IndexOf($"The archive code of this logbook is {ContextDocument.CodeFor(10000)}.", StringComparison.Ordinal);
        Assert.InRange(at / (double)document.Length, 0.6, 0.72);
    }

    [Fact]
    public void The_document_is_generated_the_same_every_time()
    {
        // Its start and its size, pinned: a change to the generator changes every published Ctx figure, on purpose only.
        Assert.StartsWith("The lamp was trimmed at 3 o'clock and burned", ContextDocument.Of(1000), StringComparison.Ordinal);
        Assert.Equal(ContextDocument.Of(1000), ContextDocument.Of(1000));
    }

    [Fact]
    public void Each_request_differs_from_its_first_tokens_and_carries_the_whole_document()
    {
        string a = ChatRequest.From(Ctx).User, b = ChatRequest.From(Ctx).User;

        Assert.NotEqual(O200k.EncodeToIds(a).Take(4), O200k.EncodeToIds(b).Take(4));
        Assert.Contains(ContextDocument.Of(1000), a, StringComparison.Ordinal);
        Assert.EndsWith(Ctx.User, a, StringComparison.Ordinal);
        // The planned input count is the request's own, give or take the marker: a random hex string's token count varies.
        Assert.InRange(O200k.CountTokens(a) - ContextDocument.MessageTokens(1000, Ctx.User), -10, 10);
    }

    [Fact]
    public void A_shared_prefix_class_repeats_its_document_first_and_differs_only_after_it()
    {
        PromptDefinition cached = Ctx with { Id = "Ctx1kCached", SharesPrefix = true };
        ChatRequest a = ChatRequest.From(cached), b = ChatRequest.From(cached);

        string document = ContextDocument.Of(1000);
        Assert.StartsWith(document, a.User, StringComparison.Ordinal);
        Assert.Equal(document.Length + 2, a.SharedPrefixChars);
        Assert.Equal(a.User[..a.SharedPrefixChars], b.User[..b.SharedPrefixChars]);
        Assert.NotEqual(a.User[a.SharedPrefixChars..], b.User[b.SharedPrefixChars..]); // each request still its own
        Assert.EndsWith(Ctx.User, a.User, StringComparison.Ordinal);
        Assert.Equal(0, ChatRequest.From(Ctx).SharedPrefixChars);
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "*loopback*" }, false)]
    [InlineData(new[] { "*Ctx1k*" }, true)]
    [InlineData(new[] { "*Short*", "*ctx1K*" }, true)]
    public void A_context_class_runs_only_when_a_filter_names_it(string[] filters, bool selected)
    {
        Assert.Equal(selected, Ctx.IsSelectedBy(filters));
        Assert.True((Ctx with { ContextTokens = null }).IsSelectedBy(filters)); // a plain prompt always runs
    }
}
