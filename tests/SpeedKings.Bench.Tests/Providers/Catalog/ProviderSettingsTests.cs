using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Tests.Providers.Catalog;

public class ProviderSettingsTests
{
    private static readonly ProviderDescriptor Groq = new(
        "groq", "Groq", ProviderKind.Cloud, "openai-chat", new Uri("https://api.groq.com/openai/v1"), AuthScheme.Bearer,
        ["GROQ_API_KEY"], "openai/gpt-oss-120b", "max_completion_tokens", IncludeUsage: true);

    private static ProviderStatus Resolve(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return new ProviderSettings(name => map.GetValueOrDefault(name)).Resolve(Groq);
    }

    [Fact]
    public void Without_a_key_the_fix_names_the_variable()
    {
        ProviderStatus status = Resolve();
        Assert.False(status.IsConfigured);
        Assert.Equal("set GROQ_API_KEY", status.Problem);
    }

    [Fact]
    public void Base_url_and_model_can_be_overridden()
    {
        ProviderStatus status = Resolve(("GROQ_API_KEY", "k"), ("GROQ_BASE_URL", "http://127.0.0.1:9/v1"), ("GROQ_MODEL", "llama-3.3-70b-versatile"));
        Assert.True(status.IsConfigured);
        Assert.Equal("http://127.0.0.1:9/v1/chat/completions", status.Endpoint!.Resolve("chat/completions").AbsoluteUri);
        Assert.Equal("llama-3.3-70b-versatile", status.Endpoint.Model);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("notaurl")]
    [InlineData("ftp://files.example.com/v1")]
    public void An_invalid_base_url_is_a_problem_not_a_crash(string url)
    {
        ProviderStatus status = Resolve(("GROQ_API_KEY", "k"), ("GROQ_BASE_URL", url));
        Assert.False(status.IsConfigured);
        Assert.Equal("set GROQ_BASE_URL to an absolute http(s) URL", status.Problem);
    }

    [Theory]
    [InlineData("localhost:11434", "http://localhost:11434/")]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080/")]
    public void A_host_without_a_scheme_is_taken_as_http(string host, string expected)
    {
        ProviderStatus status = Resolve(("GROQ_API_KEY", "k"), ("GROQ_BASE_URL", host));
        Assert.Equal(expected, status.Endpoint!.BaseUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("http://gpu-box.lan:8000/v1")]
    public void Plain_http_to_another_host_is_refused_unless_allowed(string url)
    {
        ProviderStatus refused = Resolve(("GROQ_API_KEY", "k"), ("GROQ_BASE_URL", url));
        Assert.False(refused.IsConfigured);
        Assert.StartsWith("GROQ_BASE_URL is plain http:// to ", refused.Problem, StringComparison.Ordinal);
        Assert.EndsWith("pass --allow-http if you mean it", refused.Problem, StringComparison.Ordinal);

        var map = new Dictionary<string, string> { ["GROQ_API_KEY"] = "k", ["GROQ_BASE_URL"] = url };
        ProviderStatus allowed = new ProviderSettings(name => map.GetValueOrDefault(name), allowCleartext: true).Resolve(Groq);
        Assert.True(allowed.IsConfigured);
        Assert.Equal("http", allowed.Endpoint!.BaseUrl.Scheme);
    }

    [Fact]
    public void The_key_never_prints()
    {
        const string canary = "canary-key-4f1d2a";
        ProviderEndpoint endpoint = Resolve(("GROQ_API_KEY", canary)).Endpoint!;
        Assert.DoesNotContain(canary, endpoint.ToString());
        Assert.DoesNotContain(canary, $"{endpoint.Key}");
        Assert.Equal("bad key *** rejected", endpoint.Key.Redact($"bad key {canary} rejected"));
        Assert.Equal(canary, endpoint.Key.Reveal());
    }
}
