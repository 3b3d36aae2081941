using System.Text;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Tests.Loopback;

/// <summary>The loopback's prefix cache: whole blocks of a prefix seen before, never a short prompt, never past a difference.</summary>
public class PrefixCacheTests
{
    private static byte[] Prompt(int bytes, char fill = 'a', int differAt = -1)
    {
        var text = new StringBuilder(new string(fill, bytes));
        if (differAt >= 0)
            text[differAt] = 'z';
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public void A_repeated_prompt_is_served_from_the_cache_in_whole_blocks()
    {
        var cache = new PrefixCache();
        byte[] prompt = Prompt(8_000 + 10);                // 2,003 tokens at four bytes each; 125 whole blocks of 64 bytes
        Assert.Equal(0, cache.Serve(prompt, 2_003));       // the first sight fills the cache
        Assert.Equal(125 * 64 / 4, cache.Serve(prompt, 2_003));
    }

    [Fact]
    public void Hits_stop_at_the_first_block_that_differs()
    {
        var cache = new PrefixCache();
        cache.Serve(Prompt(12_800), 3_200);
        // A change in byte 6,500 (block 101): blocks 0–100 hit, none after, even though later blocks are equal.
        Assert.Equal(101 * 64 / 4, cache.Serve(Prompt(12_800, differAt: 6_500), 3_200));
        // A change in the first block: nothing is served.
        Assert.Equal(0, cache.Serve(Prompt(12_800, differAt: 3), 3_200));
    }

    [Fact]
    public void Prompts_and_prefixes_under_the_minimum_are_never_served()
    {
        var cache = new PrefixCache();
        byte[] short_ = Prompt(4_000);                     // 1,000 tokens: below OpenAI's 1,024
        cache.Serve(short_, 1_000);
        Assert.Equal(0, cache.Serve(short_, 1_000));
        cache.Serve(Prompt(8_000), 2_000);
        // A shared prefix of 3,200 bytes (800 tokens) is too short to be served, though the prompt is long enough.
        Assert.Equal(0, cache.Serve(Prompt(8_000, differAt: 3_200), 2_000));
    }
}
