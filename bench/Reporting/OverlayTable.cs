using System.Globalization;
using System.Text;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// The short, ranked table for videos and posts: per prompt size, providers by median output speed, with TTFT, E2E
/// and the blended price per million tokens at the prompt's actual input:output mix.
/// </summary>
internal static class OverlayTable
{
    public static string Markdown(RunRecord run)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"<!-- SpeedKings.Bench run {run.RunId}, {run.StartedUtc:yyyy-MM-dd HH:mm} UTC ({run.TimeOfDay}); medians of successful requests -->");
        foreach (var prompt in run.Cases.Where(k => k.Load == "1").GroupBy(k => k.Prompt))
        {
            md.AppendLine();
            md.AppendLine(c, $"**{prompt.Key} prompt**");
            md.AppendLine();
            var table = new Table(">#", "Provider", "Model", ">TTFT", ">Output tok/s", ">E2E", ">$/1M blended");
            int rank = 0;
            foreach (CaseRecord k in prompt.Where(k => k.Figures.Succeeded > 0).OrderByDescending(k => k.Figures.OutputTokensPerSecondP50))
            {
                CaseFigures f = k.Figures;
                table.Add(
                    (++rank).ToString(c), k.Provider, k.Model, string.Create(c, $"{f.TtftP50:0} ms"), f.OutputTokensPerSecondP50.ToString("0", c),
                    string.Create(c, $"{f.EndToEndP50 / 1000:0.00} s"), Price(f.BlendedUsdPerMillion));
            }

            table.WriteMarkdown(md);
        }

        return md.ToString();
    }

    private static string Price(decimal? usd) => usd is { } value ? value.ToString("$0.00##", CultureInfo.InvariantCulture) : "n/a";
}
