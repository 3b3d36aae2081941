using Microsoft.Extensions.Hosting;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// A host lifetime that does nothing. The default console lifetime would hook Ctrl+C and SIGTERM and stop the server
/// inside whatever process embeds it (the benchmark host, a test run); the owner stops it by disposing instead.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
