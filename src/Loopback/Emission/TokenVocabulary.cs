using System.Diagnostics;
using System.Text;

namespace SpeedKings.Bench.Loopback.Emission;

/// <summary>
/// The words generated text is made of. Each is a very common English word with a leading space, and each is exactly
/// one token in OpenAI's o200k_base encoding; the tokenizer's pre-split keeps a leading-space word on its own, so N words
/// concatenated are N tokens and a client counting with a real tokenizer gets exactly what the server sent (checked
/// against o200k_base for all 64 words and for 200 000 random words in a row). All ASCII, so UTF-8 bytes = UTF-16 chars.
/// </summary>
internal static class TokenVocabulary
{
    private static readonly byte[][] Words = Encode(
    [
        "the", "of", "and", "to", "in", "is", "it", "that", "for", "on", "with", "as", "was", "at", "by", "from",
        "this", "be", "are", "or", "an", "not", "but", "all", "can", "has", "one", "time", "new", "data", "tree", "node",
        "value", "search", "list", "file", "code", "test", "system", "user", "world", "first", "last", "next", "water",
        "light", "house", "small", "large", "good", "great", "long", "high", "number", "table", "word", "line", "point",
        "part", "place", "day", "year", "work", "life",
    ]);

    /// <summary>Bytes (= chars) of the longest word, leading space included: sizes text buffers.</summary>
    public static readonly int LongestWordBytes = Longest(Words);

    /// <summary>
    /// Writes <paramref name="tokens"/> words drawn from <paramref name="random"/> into <paramref name="destination"/>
    /// and returns how many bytes (equally, UTF-16 chars) were written.
    /// </summary>
    public static int Write(Random random, int tokens, Span<byte> destination)
    {
        int written = 0;
        for (int i = 0; i < tokens; i++)
        {
            byte[] word = Words[random.Next(Words.Length)];
            word.CopyTo(destination[written..]);
            written += word.Length;
        }

        return written;
    }

    private static byte[][] Encode(string[] words)
    {
        var encoded = new byte[words.Length][];
        for (int i = 0; i < words.Length; i++)
        {
            Debug.Assert(Ascii.IsValid(words[i]), "Text length is reported as bytes, which only equals UTF-16 chars for ASCII.");
            encoded[i] = Encoding.ASCII.GetBytes(" " + words[i]);
        }

        return encoded;
    }

    private static int Longest(byte[][] words)
    {
        int longest = 0;
        foreach (byte[] word in words)
            longest = Math.Max(longest, word.Length);
        return longest;
    }
}
