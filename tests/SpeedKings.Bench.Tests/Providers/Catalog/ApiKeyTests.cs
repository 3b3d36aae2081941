using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Tests.Providers.Catalog;

/// <summary>A key never survives redaction, whole or in the starred form providers repeat it in.</summary>
public class ApiKeyTests
{
    private static readonly ApiKey Key = new("live99-key-4f9a2c7e1b-QZWX");

    [Theory]
    [InlineData("Incorrect API key provided: live99-key-4f9a2c7e1b-QZWX.", "Incorrect API key provided: ***.")]
    [InlineData("Incorrect API key provided: live99**************QZWX. See your dashboard.", "Incorrect API key provided: ***. See your dashboard.")]
    [InlineData("{\"message\":\"key live99…QZWX is not valid\"}", "{\"message\":\"key *** is not valid\"}")]
    [InlineData("key ending in ...QZWX was revoked", "key ending in *** was revoked")]
    [InlineData("Rate limit reached for requests (HTTP 429).", "Rate limit reached for requests (HTTP 429).")]
    public void Redaction_removes_the_key_and_its_starred_echoes_and_nothing_else(string text, string expected)
        => Assert.Equal(expected, Key.Redact(text));

    [Fact]
    public void A_short_key_is_removed_whole_without_guessing_at_fragments()
        => Assert.Equal("bad key *** for user abcd", new ApiKey("abcd-1").Redact("bad key abcd-1 for user abcd"));

    [Fact]
    public void A_key_prints_as_stars()
        => Assert.Equal("key=***", $"key={Key}");
}
