using System.CommandLine;
using System.Runtime.InteropServices;
using SpeedKings.Bench.Loopback.Profiles;
using SpeedKings.Bench.Loopback.Standalone;

namespace SpeedKings.Bench.Loopback;

/// <summary>
/// Standalone: <c>dotnet run --project src/Loopback -- --port N …</c> serves until Ctrl+C or SIGTERM, so other tools can
/// be checked against the same reference. Bad arguments: one sentence on stderr, exit code 2.
/// </summary>
internal static class Program
{
    private const int Ok = 0;
    private const int CannotListen = 1;
    private const int BadArguments = 2;

    private static async Task<int> Main(string[] args)
    {
        ParseResult parsed = StandaloneArguments.Command().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Action is { ClearsParseErrors: true })
            return await parsed.InvokeAsync(); // --help
        LoopbackOptions options;
        try
        {
            options = parsed.Errors.Count > 0 ? throw new ArgumentException(parsed.Errors[0].Message) : StandaloneArguments.Bind(parsed);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return BadArguments;
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        LoopbackServer server;
        try
        {
            server = await LoopbackServer.StartAsync(options, stop.Token);
        }
        catch (IOException e)
        {
            // Kestrel's message is already one sentence, e.g. "Failed to bind to address …: address already in use."
            await Console.Error.WriteLineAsync(e.Message);
            return CannotListen;
        }
        catch (OperationCanceledException)
        {
            return Ok;
        }

        await using (server)
        {
            string pin = server.CertificateSha256 is { } sha256 ? $"; certificate sha256={sha256}" : "";
            Console.WriteLine($"Loopback reference listening on {server.OpenAiBaseAddress} ({server.Schedule.Describe()}){pin}");
            foreach (LoopbackProfile profile in ProfileFixtures.All)
                Console.WriteLine($"  {profile.Name,-11} {profile.WireFormat,-19} {new Uri(server.BaseAddress, profile.Route)}");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: dispose below stops the server.
            }
        }

        return Ok;

        void Stop(PosixSignalContext context)
        {
            // Stop cleanly through disposal instead of letting the runtime kill the process mid-write.
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
