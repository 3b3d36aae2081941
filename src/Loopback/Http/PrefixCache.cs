using System.Collections.Concurrent;
using System.IO.Hashing;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// A prompt prefix cache as engines and providers keep one (vLLM's automatic prefix caching, OpenAI's prompt
/// caching): the prompt in blocks of <see cref="BlockBytes"/>, each keyed by a hash chained over every block before it,
/// so a block hits only when the whole prefix up to it was seen before. Like OpenAI's, it serves nothing to a prompt
/// shorter than <see cref="MinimumTokens"/>. A hit skips that part of the prefill and is reported as cached input.
/// </summary>
internal sealed class PrefixCache
{
    /// <summary>Sixteen tokens at the loopback's four bytes a token, as vLLM's default block.</summary>
    public const int BlockBytes = 64;

    public const int MinimumTokens = 1024;

    // Bounded: beyond it, new blocks are not remembered (a long run cannot grow the server without limit).
    private const int MostBlocks = 1 << 20;

    private readonly ConcurrentDictionary<ulong, byte> _blocks = new();

    /// <summary>
    /// The tokens of <paramref name="prompt"/> already cached (whole blocks of its longest seen prefix, at most
    /// <paramref name="promptTokens"/>), remembering all its blocks for the next request.
    /// </summary>
    /// <param name="prompt">The prompt as sent (its messages' JSON); empty where a format is not cached.</param>
    public int Serve(ReadOnlySpan<byte> prompt, int promptTokens)
    {
        if (promptTokens < MinimumTokens)
            return 0;
        ulong chain = 0;
        int hits = 0;
        bool hitting = true;
        for (int at = 0; at + BlockBytes <= prompt.Length; at += BlockBytes)
        {
            chain = XxHash3.HashToUInt64(prompt.Slice(at, BlockBytes), (long)chain);
            if (hitting && _blocks.ContainsKey(chain))
                hits++;
            else
            {
                hitting = false;
                if (_blocks.Count < MostBlocks)
                    _blocks.TryAdd(chain, 0);
            }
        }

        int cached = (int)Math.Min(promptTokens, (long)hits * BlockBytes / 4);
        return cached >= MinimumTokens ? cached : 0;
    }
}
