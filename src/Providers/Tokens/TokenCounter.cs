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

    public int Count(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : _tokenizer.CountTokens(text);
}
