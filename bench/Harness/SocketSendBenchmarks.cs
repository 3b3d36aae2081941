using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;

namespace SpeedKings.Bench.Harness;

/// <summary>
/// The floor under a concurrency burst's start lag: what the kernel alone takes to hand one request's bytes to a
/// loopback connection, for 256 open connections written one after another from one thread, with a reader draining
/// each on the other side as a server would. No HTTP, no TLS: whatever the suite's client adds on top is its own.
/// </summary>
[BenchmarkCategory(StreamParsingBenchmarks.Category)]
public class SocketSendBenchmarks
{
    /// <summary>About what a short chat request is on the wire: request line, headers and a small JSON body.</summary>
    private const int RequestBytes = 420;

    public const int Connections = 256;

    private readonly byte[] _request = new byte[RequestBytes];
    private readonly List<Socket> _clients = [];
    private readonly List<Socket> _servers = [];
    private Socket _listener = null!;

    [GlobalSetup]
    public void Setup()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(Connections);
        for (int i = 0; i < Connections; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.Connect(_listener.LocalEndPoint!);
            Socket server = _listener.Accept();
            _clients.Add(client);
            _servers.Add(server);
            _ = DrainAsync(server);
        }
    }

    private static async Task DrainAsync(Socket server)
    {
        var buffer = new byte[16 << 10];
        try
        {
            while (await server.ReceiveAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Per request: one send of <see cref="RequestBytes"/> bytes on each of the 256 connections in turn.</summary>
    [Benchmark(OperationsPerInvoke = Connections)]
    public void SendOnEachConnection()
    {
        foreach (Socket client in _clients)
            client.Send(_request);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (Socket socket in _clients.Concat(_servers))
            socket.Dispose();
        _listener.Dispose();
    }
}
