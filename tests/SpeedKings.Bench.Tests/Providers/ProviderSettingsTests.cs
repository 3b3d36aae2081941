using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Tests.Providers;

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

    [Fact]
    public void An_invalid_base_url_is_a_problem_not_a_crash()
    {
        ProviderStatus status = Resolve(("GROQ_API_KEY", "k"), ("GROQ_BASE_URL", "not a url"));
        Assert.False(status.IsConfigured);
        Assert.Equal("GROQ_BASE_URL is not an absolute http(s) URL", status.Problem);
    }

    [Fact]
    public void The_key_never_prints()
    {
        const string canary = "sk-canary-4f1d2a";
        ProviderEndpoint endpoint = Resolve(("GROQ_API_KEY", canary)).Endpoint!;
        Assert.DoesNotContain(canary, endpoint.ToString());
        Assert.DoesNotContain(canary, $"{endpoint.Key}");
        Assert.Equal("bad key *** rejected", endpoint.Key.Redact($"bad key {canary} rejected"));
        Assert.Equal(canary, endpoint.Key.Reveal());
    }
}
