using System.CommandLine;
using System.Globalization;
using BenchmarkDotNet.Loggers;
using SpeedKings.Bench.CommandLine;
using SpeedKings.Bench.Exporters;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Merging;

/// <summary>
/// <c>./run.sh merge DIR… [--artifacts DIR]</c>: every run record under the folders given (the shards of a run on a
/// shared volume, runs from several regions, repeated runs) merged into one run, reported as a single run is — record,
/// methodology, overlay, charts, page and history — and printed as a table.
/// </summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Folders holding speedkings-run-*.json records, searched with their subfolders", Arity = ArgumentArity.OneOrMore };
        Option<string?> artifacts = ArtifactsOption.Create();
        var command = new Command("merge", "Shards, regions or repeated runs combined into one run: figures recomputed from every request, and every report");
        command.Arguments.Add(folders);
        command.Options.Add(artifacts);
        command.SetAction(result =>
        {
            SuitePaths paths = SuitePaths.Locate();
            return Run([.. result.GetValue(folders)!.Select(paths.FromInvocation)], ArtifactsOption.Resolve(result.GetValue(artifacts), paths), SuiteData.Load(paths), Console.Out);
        });
        return command;
    }

    /// <returns>0 when merged; bad input throws <see cref="ArgumentException"/> with one sentence.</returns>
    public static int Run(IReadOnlyList<string> folders, string artifacts, SuiteData data, TextWriter output)
    {
        var files = new List<string>();
        foreach (string folder in folders)
        {
            if (!Directory.Exists(folder))
                throw new ArgumentException($"merge: {folder} is not a folder; give the folders that hold the runs' results");
            files.AddRange(Directory.GetFiles(folder, RunRecordFile.Prefix + "*.json", SearchOption.AllDirectories));
        }

        // A record seen through two of the folders given is one run.
        RunRecord[] runs = [.. files.Distinct(StringComparer.Ordinal).Select(RunRecordFile.Load).DistinctBy(r => r.RunId)];
        string runId = "merged-" + DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        RunRecord merged = RunMerge.Merge(runs, runId, (provider, model, day) => data.Prices.Find(provider, model, day));

        string results = Path.Combine(artifacts, "results");
        var history = new HistoryStore(Path.Combine(artifacts, HistoryCommand.FileName));
        var logger = new TextWriterLogger(output);
        string[] written = [.. SuiteExporter.All(new RunReport(_ => merged), data.Prompts.Prompts, history).SelectMany(e => e.Write(merged, results, logger))];

        output.WriteLine(FormattableString.Invariant($"// Merged {runs.Length} run(s) ({string.Join(", ", merged.Sources.Select(s => s.Shard is null ? s.RunId : $"{s.RunId} shard {s.Shard}"))}): {merged.Cases.Count} case(s), ${merged.SpentUsd:0.000000} spent of ${merged.Config.BudgetUsd:0.######} budgeted."));
        CaseTable(merged).WriteTo(output);
        output.WriteLine($"// Reports: {string.Join(", ", written.Where(f => !f.EndsWith(".png", StringComparison.Ordinal)).Select(Path.GetFileName))} in {results}.");
        return 0;
    }

    private static Table CaseTable(RunRecord run)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table("Region", "Provider", "Model", "Prompt", ">Load", ">Measured", ">TTFT p50 (ms)", ">TTFT p90 (ms)", ">Out tok/s p50", ">E2E p50 (ms)", ">$/request");
        foreach (CaseRecord k in run.Cases)
        {
            CaseFigures f = k.Figures;
            table.Add(
                k.Region ?? run.Environment.Region ?? "-", k.Provider, k.Model, k.Prompt, k.Load, f.Measured.ToString(c),
                f.TtftP50.ToString("0.0", c), f.TtftP90.ToString("0.0", c), f.OutputTokensPerSecondP50.ToString("0.0", c), f.EndToEndP50.ToString("0.0", c),
                f.CostPerRequestUsd?.ToString("0.000000", c) ?? "n/a");
        }

        return table;
    }
}
