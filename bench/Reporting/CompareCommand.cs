using System.Globalization;
using System.Text;
using SpeedKings.Bench.Commands;
using SpeedKings.Bench.Hosting;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// <c>./run.sh compare A B [--threshold 5]</c>: two run records (files, or the results folders holding them) compared
/// case by case, printed as a table and saved as Markdown beside B's record.
/// </summary>
public static class CompareCommand
{
    public static int Run(string[] args, SuitePaths paths, TextWriter output)
    {
        var positional = new List<string>();
        double threshold = 5;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threshold")
            {
                if (i + 1 >= args.Length || !double.TryParse(args[++i].TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out threshold) || threshold is < 0 or > 1000)
                    throw new ArgumentException("--threshold takes a percentage such as 5");
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        if (positional.Count != 2)
            throw new ArgumentException("compare needs two runs: ./run.sh compare <run record or results folder> <run record or results folder>");

        var comparison = new RunComparison(
            RunRecordFile.Load(paths.FromInvocation(positional[0])), RunRecordFile.Load(paths.FromInvocation(positional[1])), threshold);
        string[] headers = ["Case", .. RunComparison.MetricNames];
        var table = new TextTable(headers);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Run {comparison.Before.RunId} → run {comparison.After.RunId}");
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", headers) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", headers.Length)));
        int rows = 0;
        foreach ((string name, string[] cells) in comparison.Rows())
        {
            table.Add([name, .. cells]);
            md.AppendLine("| " + string.Join(" | ", [name, .. cells]) + " |");
            rows++;
        }

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
