using System.CommandLine;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// <c>./run.sh calibrate</c>: the suite's client (and the OpenAI .NET SDK beside it) against the loopback reference
/// at several concurrencies and chunk sizes, every timing compared with the server's ground truth. Prints the error
/// distributions, the client's load and the target checks, and saves them under the artifacts folder.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var command = new Command("calibrate", "The harness's own error against the loopback's ground truth, at several concurrencies and chunk sizes, beside the OpenAI .NET SDK");
        Func<ParseResult, CalibrationOptions> options = CalibrationOptions.AddTo(command);
        command.SetAction(result => RunAsync(options(result), SuitePaths.Locate()));
        return command;
    }

    public static async Task<int> RunAsync(CalibrationOptions options, SuitePaths paths)
    {
        ProviderDescriptor loopback = ProviderCatalogFile.Load(paths.Providers).Find(EmbeddedLoopback.ProviderId);
        var request = new ChatRequest("Calibration", "Be brief.", "Explain a binary search tree.", options.Tokens);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var levels = new List<LevelResult>();
        var schedules = new List<string>();

        // Pool threads are created on demand, one per 500 ms past the minimum; a burst of streams would otherwise
        // measure thread injection, which a real client sets up front as this one does.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));

        // Before any level: the server processes inherit their core when started, this process's threads are moved now.
        CorePlacement placement = CorePlacement.Plan(options.Pin);
        placement.PinThisProcess();

        // Loaded once per process in any real run (it counts n_first): paid here, outside every level.
        _ = Providers.Tokens.TokenCounter.Default.Count("warm up");
        Console.WriteLine($"// Calibrating against the loopback reference in its own process ({CalibrationReport.DescribeEnvironment()}; {placement.Description}).");
        for (int c = 0; c < options.Chunks.Length; c++)
        {
            int chunk = options.Chunks[c];
            string schedule = options.ScheduleFor(chunk);
            schedules.Add(schedule);
            // One server per transport, each in its own process: every level runs on both, side by side.
            var servers = new List<LoopbackProcess>();
            try
            {
                foreach (string protocol in options.Protocols)
                    servers.Add(await LoopbackProcess.StartAsync(schedule, tls: protocol == CalibrationOptions.Http2, placement));
                // The first chunk size carries the concurrency levels; the others check output speed at one stream.
                int[] concurrencies = c == 0 ? options.Concurrency : [1];
                foreach (string clientName in options.Clients)
                {
                    var clients = servers.Select(server => (Server: server, Client: Create(clientName, server, loopback, request))).ToList();
                    try
                    {
                        foreach (int concurrency in concurrencies)
                        {
                            int streams = Math.Max(options.Streams, concurrency);
                            foreach (var (server, client) in clients)
                            {
                                Console.WriteLine($"// {client.Name}, {server.Protocol}: {streams} streams, {concurrency} at a time, {chunk} tok/chunk ({schedule})");
                                levels.Add(await CalibrationLevel.RunAsync(client, server, chunk, concurrency, streams, CancellationToken.None));
                            }
                        }
                    }
                    finally
                    {
                        foreach (var (_, client) in clients)
                            client.Dispose();
                    }
                }
            }
            finally
            {
                foreach (LoopbackProcess server in servers)
                    await server.DisposeAsync();
            }
        }

        var report = new CalibrationReport(
            started, CalibrationReport.DescribeEnvironment(), placement.Description, schedules, levels, [.. CalibrationTargets.Check(levels, "SpeedKings")]);
        Console.WriteLine();
        report.WriteTo(Console.Out);
        string artifacts = options.Artifacts is { } chosen ? paths.FromInvocation(chosen) : paths.Artifacts;
        string saved = report.Save(Path.Combine(artifacts, "calibration"));
        Console.WriteLine($"// Saved {saved} and its .json beside it.");
        return levels.Any(l => l.LostOrMisattributed > 0) ? 1 : 0;
    }

    private static ICalibratedClient Create(string name, LoopbackProcess server, ProviderDescriptor loopback, ChatRequest request) => name switch
    {
        CalibrationOptions.OpenAiSdkClient => new OpenAiSdkClient(server, request),
        _ => new SuiteClient(server, loopback, request),
    };
}
