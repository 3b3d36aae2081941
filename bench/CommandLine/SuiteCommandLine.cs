using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using BenchmarkDotNet.ConsoleArguments;
using SpeedKings.Bench.Calibration;
using SpeedKings.Bench.Commands;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.CommandLine;

/// <summary>
/// Every command and option of <c>./run.sh</c>, in one parser with <c>--help</c> for each. A bare <c>./run.sh</c> is
/// the benchmark run; what the suite does not own is handed, in order, to BenchmarkDotNet's own parser.
/// </summary>
internal static class SuiteCommandLine
{
    /// <summary>No response files (<c>@file</c> could be a BenchmarkDotNet value) and no bundling of short options.</summary>
    public static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null, EnablePosixBundling = false };

    /// <summary>
    /// The one sentence that stops a command line before anything runs, or null. System.CommandLine decides about
    /// unknown tokens for the whole line by the root command, which passes them on; the commands that pass nothing
    /// on refuse them here.
    /// </summary>
    public static string? Refusal(ParseResult parsed)
    {
        if (parsed.Action is { ClearsParseErrors: true })
            return null;
        if (parsed.Errors.Count > 0)
            return parsed.Errors[0].Message;
        Command command = parsed.CommandResult.Command;
        bool passesOn = command is RootCommand || !command.TreatUnmatchedTokensAsErrors;
        return passesOn || parsed.UnmatchedTokens.Count == 0
            ? null
            : $"{command.Name} does not take '{parsed.UnmatchedTokens[0]}'; see ./run.sh {command.Name} --help";
    }

    public static RootCommand Create(IReadOnlyList<string> args)
    {
        var endpoint = new Option<string?>("--endpoint")
        {
            Description = "Benchmark any OpenAI-compatible server (vLLM, LM Studio, llama-server, a gateway) as the 'custom' provider",
            HelpName = "URL",
            Recursive = true,
        };
        var model = new Option<string?>("--model") { Description = "The model to ask the --endpoint server for", HelpName = "MODEL", Recursive = true };
        var allowHttp = new Option<bool>("--allow-http")
        {
            Description = "Accept plain http:// base URLs to hosts other than this machine (requests and keys would travel in the clear)",
            Recursive = true,
        };
        Task<Suite> LoadAsync(ParseResult result)
            => Suite.LoadAsync(CustomEndpoint.From(result.GetValue(endpoint), result.GetValue(model)), result.GetValue(allowHttp));

        var run = new RunOptions();
        var root = new RootCommand(
            "SpeedKings.Bench: which LLM inference provider is fastest and cheapest for your prompts. With no command it runs "
            + "the benchmarks (with no keys: the embedded loopback reference). Options not listed here go to BenchmarkDotNet.");
        root.Options.Add(endpoint);
        root.Options.Add(model);
        root.Options.Add(allowHttp);
        run.AddTo(root);
        root.SetAction(async result =>
        {
            if (result.UnmatchedTokens.Count > 0 && args.Count > 0 && args[0] == result.UnmatchedTokens[0] && !args[0].StartsWith('-'))
                throw new ArgumentException($"unknown command '{args[0]}'; commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))}, or BenchmarkDotNet options such as --filter '*Groq*'");
            Suite suite = await LoadAsync(result);
            return await RunCommand.RunAsync(run.Bind(result, suite.Paths, args), suite, estimateOnly: false);
        });

        root.Subcommands.Add(Command("list", "Every provider: ready or skipped (and what to set), base URL, models, price",
            async result => ListCommand.Run(await LoadAsync(result), Console.Out)));
        root.Subcommands.Add(Command("pricing", "The price table with each entry's date and source",
            async result => PricingCommand.Run((await LoadAsync(result)).Data, Console.Out)));

        var estimateOptions = new RunOptions();
        var estimate = Command("estimate", "What a run would cost, case by case, against the budget; sends nothing", async result =>
        {
            Suite suite = await LoadAsync(result);
            return await RunCommand.RunAsync(estimateOptions.Bind(result, suite.Paths, args), suite, estimateOnly: true);
        });
        estimateOptions.AddTo(estimate);
        root.Subcommands.Add(estimate);

        Command harness = HarnessCommand.Create();
        root.Subcommands.Add(harness);
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(Merging.MergeCommand.Create());

        foreach (HelpOption help in root.Options.OfType<HelpOption>())
            help.Action = new WithBenchmarkDotNetHelp((HelpAction)help.Action!, [root, estimate, harness]);
        return root;
    }

    public static Command Command(string name, string description, Func<ParseResult, Task<int>> action)
    {
        var command = new Command(name, description);
        command.SetAction(action);
        return command;
    }

    /// <summary>
    /// The suite's help, then — for the commands that hand arguments on — BenchmarkDotNet's own option list, printed
    /// by BenchmarkDotNet's parser, so both halves of the command line are documented where the user looks.
    /// </summary>
    private sealed class WithBenchmarkDotNetHelp(HelpAction suiteHelp, IReadOnlyList<Command> passing) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int exit = suiteHelp.Invoke(parseResult);
            if (passing.Contains(parseResult.CommandResult.Command))
            {
                TextWriter output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("BenchmarkDotNet options, passed through (the suite's own --artifacts, --iterationCount, --warmupCount and --resume above take");
                output.WriteLine("their place; options that would add requests the budget did not plan are refused):");
                ConfigParser.Parse(["--help"], new TextWriterLogger(output));
            }

            return exit;
        }
    }
}
