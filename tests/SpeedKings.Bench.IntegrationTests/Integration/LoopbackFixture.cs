using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Loopback;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;

namespace SpeedKings.Bench.IntegrationTests.Integration;

/// <summary>A real loopback server on a real socket, and the suite's real client stack pointed at it.</summary>
public sealed class LoopbackFixture : IAsyncLifetime
{
    public static readonly Price NotionalPrice = new("loopback", "*", new DateOnly(2026, 1, 1), 0.50m, 0.05m, 1.50m, "test", Notional: true);

    private readonly ServiceProvider _services = new ServiceCollection().AddInferenceClients().BuildServiceProvider();

    public LoopbackServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
        => Server = await LoopbackServer.StartAsync(new LoopbackOptions { Schedule = EmissionSchedule.Parse("ttft=30ms;tps=1000;chunk=4") });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await _services.DisposeAsync();
    }

    public static ProviderDescriptor Descriptor(bool includeUsage = true) => new(
        "loopback", "Loopback reference", ProviderKind.Reference, "openai-chat", null, AuthScheme.None, [], "reference", "max_tokens", includeUsage);

    internal InferenceClient Client(bool includeUsage = true) => ClientFor(Server.OpenAiBaseAddress, includeUsage);

    internal InferenceClient ClientFor(Uri baseUrl, bool includeUsage = true)
        => _services.GetRequiredService<InferenceClientFactory>().Create(
            new ProviderEndpoint(Descriptor(includeUsage), baseUrl, "reference", default), NotionalPrice);
}
