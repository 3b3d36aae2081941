using System.Text;
using Microsoft.ML.Tokenizers;
using SpeedKings.Bench.Providers.Tokens;

namespace SpeedKings.Bench.Tests.Providers.Tokens;

/// <summary>Counting in slices keeps the cost linear and, on ordinary text, the count exact.</summary>
public class TokenCounterTests
{
    private static readonly Tokenizer Reference = TiktokenTokenizer.CreateForEncoding(TokenCounter.EncodingName);

    [Fact]
    public void Ordinary_text_longer_than_a_slice_counts_as_in_one_piece()
    {
        var text = new StringBuilder();
        var random = new Random(7);
        string[] words = ["the", "binary", "search", "tree", "keeps", "its", "keys", "ordered,", "so", "lookups", "take", "O(log n)", "time.", "Ünïcode", "naïve", "42", "\n\n", "—", "don't"];
        while (text.Length < 20 * TokenCounter.SliceChars)
            text.Append(words[random.Next(words.Length)]).Append(random.Next(6) == 0 ? "\n" : " ");

        Assert.Equal(Reference.CountTokens(text.ToString()), TokenCounter.Default.Count(text.ToString()));
    }

    [Fact]
    public void A_run_without_spaces_is_counted_in_slices_each_off_by_at_most_one_token()
    {
        string run = new('a', 8 * TokenCounter.SliceChars);
        int sliced = TokenCounter.Default.Count(run);
        int pieces = 0;
        for (int i = 0; i < run.Length; i += TokenCounter.SliceChars)
            pieces += Reference.CountTokens(run.AsSpan(i, TokenCounter.SliceChars));
        Assert.Equal(pieces, sliced); // hand computation: the same slices, counted one by one
        Assert.InRange(Reference.CountTokens(run), sliced - 8, sliced + 8);
    }
}
