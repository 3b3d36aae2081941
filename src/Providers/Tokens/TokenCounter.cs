using Microsoft.ML.Tokenizers;

namespace SpeedKings.Bench.Providers.Tokens;

/// <summary>
/// Counts tokens with a real tokenizer (o200k_base, shipped in a NuGet package) when a provider reports no usage.
/// Counts made this way are marked estimated wherever they are shown.
/// </summary>
internal sealed class TokenCounter
{
    public const string EncodingName = "o200k_base";

    private static readonly Lazy<TokenCounter> Shared = new(() => new TokenCounter(TiktokenTokenizer.CreateForEncoding(EncodingName)));

    private readonly Tokenizer _tokenizer;

    private TokenCounter(Tokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>The process-wide instance; the vocabulary loads once, on first use.</summary>
    public static TokenCounter Default => Shared.Value;

    /// <summary>Longest slice given to the tokenizer at once: its merge step is quadratic in the length of one word.</summary>
    public const int SliceChars = 1024;

    /// <summary>
    /// Counts in slices of at most <see cref="SliceChars"/>, cut before a space between two words where the slice has one, so the
    /// cost is linear in the text: ordinary text counts exactly as in one piece (tokens do not cross the cut), and a
    /// run of thousands of characters without a space — which took the tokenizer minutes per megabyte — is counted
    /// as pieces, off by at most one token per slice.
    /// </summary>
    public int Count(ReadOnlySpan<char> text)
    {
        int tokens = 0;
        while (text.Length > SliceChars)
        {
            int cut = WordBoundary(text, SliceChars);
            tokens += _tokenizer.CountTokens(text[..cut]);
            text = text[cut..];
        }

        return text.IsEmpty ? tokens : tokens + _tokenizer.CountTokens(text);
    }

    /// <summary>
    /// The last place before <paramref name="limit"/> where a single space stands between two non-space characters:
    /// the tokenizer's pieces end before such a space and start with it, so a cut there changes no token.
    /// </summary>
    private static int WordBoundary(ReadOnlySpan<char> text, int limit)
    {
        for (int i = limit - 1; i > 0; i--)
        {
            if (text[i] == ' ' && !char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i + 1]))
                return i;
        }

        return limit;
    }
}
