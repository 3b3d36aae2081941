using System.CommandLine;
using SpeedKings.Bench.CommandLine;
using SpeedKings.Bench.Metrics.Data;
using SpeedKings.Bench.Providers.Client;

namespace SpeedKings.Bench;

/// <summary>
/// <c>./run.sh [command] [options]</c>: one parser for every command (<c>--help</c> on each); bad input gets one
/// sentence on stderr and exit code 2.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Before the first socket of this process (the local-engine probe, the loopback, the self-check).
        SocketTuning.UseInlineCompletions();
        ParseResult parsed = SuiteCommandLine.Create(args).Parse(args, SuiteCommandLine.Parsing);
        if (SuiteCommandLine.Refusal(parsed) is { } refusal)
            return Fail(refusal);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is DataFileException or DirectoryNotFoundException or FormatException or ArgumentException or KeyNotFoundException)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"speedkings: {message.TrimEnd('.')}.");
        return 2;
    }
}
