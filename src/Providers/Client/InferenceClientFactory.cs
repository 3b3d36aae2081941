using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client.Http2;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>Makes an <see cref="InferenceClient"/> for a resolved provider, with the adapter its wire format needs.</summary>
internal sealed class InferenceClientFactory(IHttpClientFactory httpClients, IEnumerable<IWireFormat> formats, ArrivalRegistry arrivals)
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, IWireFormat> _formats = formats.ToDictionary(f => f.Id, StringComparer.OrdinalIgnoreCase);

    public InferenceClient Create(ProviderEndpoint endpoint, Price? price, TimeSpan? requestTimeout = null)
    {
        if (!_formats.TryGetValue(endpoint.Descriptor.WireFormat, out IWireFormat? format))
            throw new NotSupportedException($"{endpoint.Id} uses the wire format '{endpoint.Descriptor.WireFormat}', which this build does not speak; known formats: {string.Join(", ", _formats.Keys)}.");
        return new InferenceClient(
            httpClients.CreateClient(ServiceCollectionExtensions.HttpClientName),
            format,
            arrivals,
            endpoint,
            price,
            requestTimeout ?? DefaultRequestTimeout);
    }
}
