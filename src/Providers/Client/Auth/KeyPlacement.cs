using System.Net.Http.Headers;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Providers.Client.Auth;

/// <summary>
/// Where a provider wants its key: one small strategy per <see cref="AuthScheme"/> of the catalog. The key goes into
/// that header and nowhere else.
/// </summary>
internal abstract class KeyPlacement
{
    private static readonly KeyPlacement Nowhere = new NoKey();
    private static readonly KeyPlacement Bearer = new BearerToken();
    private static readonly KeyPlacement XApiKey = new KeyHeader("x-api-key");
    private static readonly KeyPlacement ApiKey = new KeyHeader("api-key");
    private static readonly KeyPlacement GoogApiKey = new KeyHeader("x-goog-api-key");

    public static KeyPlacement For(AuthScheme scheme) => scheme switch
    {
        AuthScheme.Bearer => Bearer,
        AuthScheme.XApiKey => XApiKey,
        AuthScheme.ApiKeyHeader => ApiKey,
        AuthScheme.GoogApiKey => GoogApiKey,
        _ => Nowhere,
    };

    /// <summary>Puts the key on a request; an empty key (optional for local engines) adds nothing.</summary>
    public void Apply(HttpRequestHeaders headers, ApiKey key)
    {
        if (!key.IsEmpty)
            Place(headers, key.Reveal());
    }

    protected abstract void Place(HttpRequestHeaders headers, string key);

    /// <summary><c>Authorization: Bearer &lt;key&gt;</c>: OpenAI and most compatibles.</summary>
    private sealed class BearerToken : KeyPlacement
    {
        protected override void Place(HttpRequestHeaders headers, string key) => headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    /// <summary>A header of its own: <c>x-api-key</c> (Anthropic), <c>api-key</c> (Azure), <c>x-goog-api-key</c> (Gemini).</summary>
    private sealed class KeyHeader(string name) : KeyPlacement
    {
        protected override void Place(HttpRequestHeaders headers, string key) => headers.TryAddWithoutValidation(name, key);
    }

    private sealed class NoKey : KeyPlacement
    {
        protected override void Place(HttpRequestHeaders headers, string key)
        {
        }
    }
}
