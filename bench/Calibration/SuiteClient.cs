using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Client;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// The suite's own client, exactly as the benchmarks use it: <see cref="InferenceClient"/> over the shared pooled
/// handler. An InferenceClient reuses its capture buffers from one request to the next, so it serves one stream at a
/// time; concurrent streams each borrow one of their own.
/// </summary>
internal sealed class SuiteClient : ICalibratedClient
{
    private readonly ServiceProvider _services;
    private readonly InferenceClientFactory _factory;
    private readonly ProviderEndpoint _endpoint;
    private readonly ChatRequest _request;
    private readonly ConcurrentBag<InferenceClient> _idle = [];

    public SuiteClient(LoopbackProcess server, ProviderDescriptor descriptor, ChatRequest request)
    {
        _request = request;
        _services = new ServiceCollection()
            .AddInferenceClients(options => options.PinnedCertificates.UnionWith(server.Pins))
            .BuildServiceProvider();
        _factory = _services.GetRequiredService<InferenceClientFactory>();
        _endpoint = new ProviderEndpoint(descriptor, new Uri(server.BaseAddress, "v1/"), descriptor.DefaultModel, default);
    }

    public string Name => "SpeedKings";

    public async Task<ClientObservation> StreamAsync(CancellationToken cancellationToken)
    {
        InferenceClient client = _idle.TryTake(out InferenceClient? idle) ? idle : _factory.Create(_endpoint, price: null);
        try
        {
            RequestRecord record = await client.SendAsync(_request, cancellationToken);
            return new ClientObservation(
                record.ProviderRequestId, record.StartTimestamp, record.TextEventArrivalsMs, record.GeneratedChars, record.OutputTokensPerSecond, record.FailureMessage,
                record.FirstTokenHandOffMs);
        }
        finally
        {
            _idle.Add(client);
        }
    }

    public void Dispose()
    {
        foreach (InferenceClient client in _idle)
            client.Dispose();
        _services.Dispose();
    }
}
