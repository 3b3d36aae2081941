using System.CommandLine;
using SpeedKings.Bench.CommandLine;
using System.Globalization;
using SpeedKings.Bench.Reporting;
using SpeedKings.Bench.Hosting;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// <c>./run.sh history [--filter '*Groq*'] [--artifacts DIR]</c>: each matching case's medians run by run, oldest first, with the change
/// from its first run to its last. The filter matches <c>provider/model/prompt</c>, case-insensitive, <c>*</c> and
/// <c>?</c> as wildcards.
/// </summary>
internal static class HistoryCommand
{
    public const string FileName = "history.db";

    public static Command Create()
    {
        var filter = new Option<string>("--filter", "-f")
        {
            Description = "Cases to show, matched against provider/model/prompt ('*' and '?' as wildcards)",
            HelpName = "PATTERN",
            DefaultValueFactory = _ => "*",
        };
        Option<string?> artifacts = ArtifactsOption.Create();
        var command = new Command("history", "A case's medians run by run, from the history store every run adds to");
        command.Options.Add(filter);
        command.Options.Add(artifacts);
        command.SetAction(result => Run(result.GetValue(filter)!, ArtifactsOption.Resolve(result.GetValue(artifacts), SuitePaths.Locate()), Console.Out));
        return command;
    }

    public static int Run(string glob, string artifacts, TextWriter output)
    {
        var store = new HistoryStore(Path.Combine(artifacts, FileName));
        IReadOnlyList<HistoryEntry> entries = store.Find(glob);
        if (entries.Count == 0)
        {
            output.WriteLine($"// No stored run has a case matching '{glob}' (runs are added to {store.Path} as they finish).");
            return 1;
        }

        var c = CultureInfo.InvariantCulture;
        // One series per region: latency from Frankfurt and from Virginia are two trends, not one.
        foreach (var series in entries.GroupBy(e => (e.Provider, e.Model, e.Prompt, e.Concurrency, e.Region)))
        {
            output.WriteLine();
            output.WriteLine($"{series.Key.Provider} / {series.Key.Model} / {series.Key.Prompt} / {series.Key.Concurrency} stream(s){(series.Key.Region is { } region ? $" / from {region}" : "")}");
            var table = new Table("Run", "Started (UTC)", "Period", "TTFT p50 (ms)", "Out tok/s p50", "E2E p50 (ms)", "$/request", "OK/failed");
            foreach (HistoryEntry e in series)
            {
                table.Add(e.RunId, e.StartedUtc.ToString("yyyy-MM-dd HH:mm", c), e.TimeOfDay, Text(e.TtftP50, "0.0"), Text(e.OutputTokensPerSecondP50, "0.0"),
                    Text(e.EndToEndP50, "0.0"), Text(e.CostPerRequestUsd, "0.000000"), $"{e.Succeeded}/{e.Failed}");
            }

            table.WriteTo(output);
            HistoryEntry first = series.First(), last = series.Last();
            if (series.Count() > 1)
                output.WriteLine($"// Trend over {series.Count()} runs: TTFT {Change(first.TtftP50, last.TtftP50)}, output speed {Change(first.OutputTokensPerSecondP50, last.OutputTokensPerSecondP50)} (medians; compare two runs with ./run.sh compare for significance).");
        }

        return 0;
    }

    private static string Text(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";

    private static string Change(double? from, double? to)
        => from is > 0 && to is { } now ? ((now - from.Value) / from.Value * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "n/a";
}
