namespace SpeedKings.Bench.Providers.Catalog;

public enum ProviderKind
{
    /// <summary>The embedded loopback reference: always available, measures the harness itself.</summary>
    Reference,

    /// <summary>A hosted API: needs a key, costs money.</summary>
    Cloud,

    /// <summary>An engine on this machine or the user's network (Ollama, llama.cpp, vLLM): no key, no bill.</summary>
    Local,
}
