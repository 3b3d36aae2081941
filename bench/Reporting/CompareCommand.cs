using System.CommandLine;
using SpeedKings.Bench.CommandLine;
using System.Globalization;
using System.Text;
using SpeedKings.Bench.Reporting;
using SpeedKings.Bench.Hosting;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// <c>./run.sh compare A B [--threshold 5]</c>: two run records (files, or the results folders holding them) compared
/// case by case, printed as a table and saved as Markdown beside B's record.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var before = new Argument<string>("before") { Description = "A run record (speedkings-run-*.json) or the results folder holding one" };
        var after = new Argument<string>("after") { Description = "The run to compare with it; the comparison is saved beside this one" };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Smallest change of a median, in percent, called better or worse (when also significant)",
            HelpName = "PERCENT",
            DefaultValueFactory = _ => 5,
        }.Parsed(text => double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value is >= 0 and <= 1000
            ? value
            : throw new ArgumentException("--threshold takes a percentage such as 5"));
        var command = new Command("compare", "Two runs case by case: medians, change, and a Mann-Whitney U test on the per-request samples");
        command.Arguments.Add(before);
        command.Arguments.Add(after);
        command.Options.Add(threshold);
        command.SetAction(result => Run(result.GetValue(before)!, result.GetValue(after)!, result.GetValue(threshold), SuitePaths.Locate(), Console.Out));
        return command;
    }

    public static int Run(string beforeRun, string afterRun, double threshold, SuitePaths paths, TextWriter output)
    {
        string[] positional = [beforeRun, afterRun];
        var comparison = new RunComparison(
            RunRecordFile.Load(paths.FromInvocation(positional[0])), RunRecordFile.Load(paths.FromInvocation(positional[1])), threshold);
        string[] headers = ["Case", .. comparison.Names];
        var table = new Table(headers);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Run {comparison.Before.RunId} → run {comparison.After.RunId}");
        md.AppendLine();
        foreach ((string name, string[] cells) in comparison.Rows())
            table.Add([name, .. cells]);
        table.WriteMarkdown(md);
        int rows = table.Count;

        output.WriteLine($"// Run {comparison.Before.RunId} ({comparison.Before.TimeOfDay}) → run {comparison.After.RunId} ({comparison.After.TimeOfDay}): medians, change, and whether it is significant.");
        table.WriteTo(output);
        md.AppendLine();
        foreach (string note in comparison.Notes())
        {
            output.WriteLine("// " + note);
            md.AppendLine("- " + note);
        }

        string resultsFolder = Directory.Exists(positional[1]) ? paths.FromInvocation(positional[1]) : Path.GetDirectoryName(paths.FromInvocation(positional[1]))!;
        string saved = Path.Combine(resultsFolder, $"speedkings-compare-{comparison.Before.RunId}-vs-{comparison.After.RunId}.md");
        File.WriteAllText(saved, md.ToString());
        output.WriteLine($"// Saved {saved}");
        return rows > 0 ? 0 : throw new ArgumentException("the two runs have no case in common (same provider, model, prompt and concurrency)");
    }
}
