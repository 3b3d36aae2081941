using System.CommandLine;
using SpeedKings.Bench.CommandLine;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Load;

namespace SpeedKings.Bench.Tests.Bench.CommandLine;

/// <summary>The suite's one command line: what it owns, what it hands to BenchmarkDotNet, and its refusals.</summary>
public class SuiteCommandLineTests
{
    private static ParseResult Parse(params string[] args) => SuiteCommandLine.Create(args).Parse(args, SuiteCommandLine.Parsing);

    [Theory]
    [InlineData("list", "--bogus")]
    [InlineData("history", "extra")]
    public void Commands_that_pass_nothing_on_refuse_what_they_do_not_take(string command, string token)
        => Assert.Equal($"{command} does not take '{token}'; see ./run.sh {command} --help", SuiteCommandLine.Refusal(Parse(command, token)));

    [Fact]
    public void What_the_suite_does_not_own_goes_to_BenchmarkDotNet_in_order()
    {
        ParseResult result = Parse("--filter", "*a*", "*b*", "--budget", "0.1", "-f", "*c*", "--envVars", "K:V", "--iterationCount", "3");
        Assert.Empty(result.Errors);
        Assert.Equal(["--filter", "*a*", "*b*", "-f", "*c*", "--envVars", "K:V"], result.UnmatchedTokens);
    }

    [Fact]
    public void Run_options_are_typed_and_artifacts_are_made_absolute_against_the_invocation_folder()
    {
        string[] args = ["-a", "out", "--budget", "0.10", "--iterationCount", "4", "--warmupCount", "0", "--concurrency", "8,1", "--timeout", "30", "--resume"];
        var options = new RunOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var paths = new SuitePaths(Path.GetTempPath());
        RunArguments run = options.Bind(command.Parse(args, SuiteCommandLine.Parsing), paths, args);
        Assert.Equal(0.10m, run.BudgetUsd);
        Assert.Equal(4, run.Measured);
        Assert.Equal(0, run.Warmup);
        Assert.Equal([1, 8], run.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(30), run.RequestTimeout);
        Assert.True(run.Resume);
        Assert.Equal(paths.FromInvocation("out"), run.Artifacts);
        Assert.True(Path.IsPathFullyQualified(run.Artifacts));
        Assert.Empty(run.BenchmarkDotNet);
    }

    [Theory]
    [InlineData("--budget", "x", "--budget must be an amount in US dollars")]
    [InlineData("--budget", "1e9", "--budget of $1e9 is above the $1000 safety limit")]
    [InlineData("--iterationCount", "0", "--iterationCount must be a whole number from 1 to 1000")]
    [InlineData("--concurrency", "0", "--concurrency takes stream counts from 1 to 1024")]
    [InlineData("--timeout", "0.5", "--timeout takes seconds from 1 to 3600")]
    [InlineData("--rate", "0", "--rate takes requests per second above 0")]
    [InlineData("--max-concurrency", "8", "--max-concurrency shapes request-rate load; give --rate too")]
    [InlineData("--rate-seconds", "5", "--rate-seconds shapes request-rate load; give --rate too")]
    public void Bad_run_options_get_one_sentence_naming_the_option(string option, string value, string expected)
    {
        ParseResult result = Parse(option, value);
        Assert.Single(result.Errors);
        string? refusal = SuiteCommandLine.Refusal(result);
        Assert.NotNull(refusal);
        Assert.StartsWith(expected, refusal, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal);
    }

    [Fact]
    public void A_rate_alone_asks_for_no_closed_loop_case_and_carries_its_arrivals()
    {
        string[] args = ["--rate", "8,2", "--max-concurrency", "32", "--burstiness", "0.5", "--rate-seconds", "4"];
        var options = new RunOptions();
        var command = new RootCommand();
        options.AddTo(command);
        ParseResult result = command.Parse(args, SuiteCommandLine.Parsing);
        Assert.Empty(result.Errors);
        RunArguments run = options.Bind(result, new SuitePaths(Path.GetTempPath()), args);
        Assert.Empty(run.Concurrency);
        Assert.Equal([2.0, 8.0], run.OpenLoop!.Rates);
        Assert.Equal(32, run.OpenLoop.MaxConcurrency);
        Assert.Equal(new ArrivalPattern(ArrivalKind.Gamma, 0.5), run.OpenLoop.Arrivals);
        Assert.Equal(32, run.OpenLoop.RequestsPerIteration(8));  // 8/s × 4 s
        Assert.Equal(10, run.OpenLoop.RequestsPerIteration(2));  // never fewer than ten
    }

    [Fact]
    public void Shapes_come_one_per_option_or_split_by_semicolons_and_leave_BenchmarkDotNet_its_options()
    {
        string[] args = ["--shape", "D(1000,200)", "--filter", "*custom*", "--shape", "U(1,5)/(1,2); N(100,10)/(20,2)"];
        var options = new RunOptions();
        var command = new RootCommand();
        options.AddTo(command);
        ParseResult result = command.Parse(args, SuiteCommandLine.Parsing);
        Assert.Empty(result.Errors);
        RunArguments run = options.Bind(result, new SuitePaths(Path.GetTempPath()), args);
        Assert.Equal(["D(1000,200)", "U(1,5)/(1,2)", "N(100,10)/(20,2)"], run.Shapes!.Select(s => s.Spec));
        Assert.Equal(["--filter", "*custom*"], run.BenchmarkDotNet);
        Assert.Equal("--shape and --prompts both replace the standard prompts; give one of them", SuiteCommandLine.Refusal(Parse("--shape", "D(1,1)", "--prompts", "x.jsonl")));
    }

    [Fact]
    public void A_rate_beside_concurrency_keeps_the_closed_loop_levels()
    {
        string[] args = ["--rate", "8", "--concurrency", "1,4"];
        var options = new RunOptions();
        var command = new RootCommand();
        options.AddTo(command);
        RunArguments run = options.Bind(command.Parse(args, SuiteCommandLine.Parsing), new SuitePaths(Path.GetTempPath()), args);
        Assert.Equal([1, 4], run.Concurrency);
        Assert.Equal(OpenLoop.DefaultMaxConcurrency, run.OpenLoop!.MaxConcurrency);
    }

    [Theory]
    [InlineData("--concurrency", "0")]
    [InlineData("--chunks", "a")]
    [InlineData("--clients", "curl")]
    [InlineData("--streams", "-1")]
    [InlineData("--protocols", "http3")]
    [InlineData("--bogus", "1")]
    public void Bad_calibrate_options_get_one_sentence(string option, string value)
    {
        string? refusal = SuiteCommandLine.Refusal(Parse("calibrate", option, value));
        Assert.NotNull(refusal);
        Assert.DoesNotContain('\n', refusal);
        Assert.Contains(option, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "--budget")]
    [InlineData(new[] { "list" }, "list")]
    [InlineData(new[] { "pricing" }, "pricing")]
    [InlineData(new[] { "estimate" }, "--iterationCount")]
    [InlineData(new[] { "harness" }, "harness")]
    [InlineData(new[] { "calibrate" }, "--chunks")]
    [InlineData(new[] { "compare" }, "--threshold")]
    [InlineData(new[] { "history" }, "--filter")]
    public async Task Every_command_has_help(string[] command, string mentions)
    {
        string[] args = [.. command, "--help"];
        var output = new StringWriter();
        int exit = await Parse(args).InvokeAsync(new InvocationConfiguration { Output = output });
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output.ToString());
        Assert.Contains(mentions, output.ToString());
    }

    [Fact]
    public async Task The_run_help_also_lists_BenchmarkDotNet_options()
    {
        var output = new StringWriter();
        await Parse("--help").InvokeAsync(new InvocationConfiguration { Output = output });
        Assert.Contains("BenchmarkDotNet options, passed through", output.ToString());
        Assert.Contains("--filter", output.ToString());
        Assert.Contains("--list", output.ToString());
    }
}
