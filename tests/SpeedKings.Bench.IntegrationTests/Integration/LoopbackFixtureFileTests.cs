using System.Text;
using SpeedKings.Bench.Loopback.Profiles;

namespace SpeedKings.Bench.IntegrationTests.Integration;

/// <summary>The fixtures in data/fixtures/ that teach the loopback each provider's quirks, and how a bad one is refused.</summary>
public class LoopbackFixtureFileTests
{
    [Fact]
    public void Every_fixture_reads_and_claims_its_own_route()
    {
        IReadOnlyList<LoopbackProfile> profiles = ProfileFixtures.All;

        Assert.Equal(15, profiles.Count); // one per file in data/fixtures/
        Assert.Equal(profiles.Count, profiles.Select(p => p.Route).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(profiles, p => Assert.False(string.IsNullOrWhiteSpace(p.DocumentedBy)));
    }

    [Theory]
    [InlineData("""{ "name": "x", "wireFormat": "soap", "route": "x/v1", "documentedBy": "d" }""", "wireFormat must be one of")]
    [InlineData("""{ "name": "x", "wireFormat": "openai-chat", "route": "/x/v1", "documentedBy": "d" }""", "route must be a relative path")]
    [InlineData("""{ "name": "x", "wireFormat": "openai-chat", "route": "x/v1", "documentedBy": "d", "schedule": "tps=0" }""", "schedule: ")]
    [InlineData("""{ "name": "x", "wireFormat": "openai-chat", "route": "x/v1", "documentedBy": "d", "openAi": { "usageTrailer": "sometimes" } }""", "$.openAi.usageTrailer")]
    [InlineData("""{ "name": "x", "wireFormat": "openai-chat", "route": "x/v1", "documentedBy": "d", "openAi": { "serverTimings": "x-groq" } }""", "serverTimings 'x-groq' needs finishChunkUsage 'x-groq'")]
    [InlineData("""{ "name": "x", "wireFormat": "openai-chat", "route": "x/v1", "documentedBy": "d", "colour": "red" }""", "colour")]
    [InlineData("""{ "name": "x", "wireFormat": "openai-chat", "documentedBy": "d" }""", "route")]
    [InlineData("""{ "name": "x", "wireFormat": "openai-chat", "route": "x/v1", "documentedBy": "d", "fault": "status=42" }""", "fault: Fault 'status=42' is invalid")]
    [InlineData("""{ "name": "x", "wireFormat": "anthropic-messages", "route": "x/v1", "documentedBy": "d", "expects": { "maxTokensField": "max_tokens" } }""", "expects.maxTokensField only chooses between")]
    [InlineData("""{ "name": "x", "wireFormat": "openai-chat", "route": "x/v1", "documentedBy": "d", "expects": { "auth": "cookie" } }""", "$.expects.auth")]
    public void A_malformed_fixture_is_refused_naming_the_file_and_the_problem(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => ProfileFixtures.Read("data/fixtures/x.json", new MemoryStream(Encoding.UTF8.GetBytes(json))));

        Assert.StartsWith("Loopback fixture data/fixtures/x.json is invalid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixture_can_describe_a_misbehaving_provider()
    {
        LoopbackProfile profile = ProfileFixtures.Read("data/fixtures/x.json", new MemoryStream(Encoding.UTF8.GetBytes(
            """{ "name": "flaky", "wireFormat": "openai-chat", "route": "flaky/v1", "documentedBy": "d", "fault": "status=503;times=2" }""")));

        Assert.Equal("status=503;times=2", profile.Fault);
    }
}
