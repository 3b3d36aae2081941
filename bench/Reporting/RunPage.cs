using System.Globalization;
using System.Net;
using System.Text;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// One HTML page per run bringing the tables and charts together (<c>speedkings-report-&lt;run&gt;.html</c>, beside the
/// charts it shows). Static, no external resources; when every chart has loaded it marks <c>body[data-ready=true]</c>,
/// which the browser test reads.
/// </summary>
internal static class RunPage
{
    public static string Save(RunRecord run, IReadOnlyList<string> charts, IEnumerable<string> caveats, string directory)
    {
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine(c, $"<title>SpeedKings.Bench run {Encode(run.RunId)}</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}table{border-collapse:collapse;margin:1rem 0}"
            + "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th:nth-child(-n+3),td:nth-child(-n+3){text-align:left}"
            + "img{max-width:100%;border:1px solid #eee;margin:.5rem 0}</style></head>");
        html.AppendLine("<body data-ready=\"false\">");
        html.AppendLine(c, $"<h1>SpeedKings.Bench run {Encode(run.RunId)}</h1>");
        html.AppendLine(c, $"<p>{run.StartedUtc:yyyy-MM-dd HH:mm} UTC ({Encode(run.TimeOfDay)}), {Encode(run.Environment.Os)}, {Encode(run.Environment.Cpu)} ({run.Environment.Cores} cores), {Encode(run.Environment.Runtime)}, commit {Encode(run.Suite.Commit)}. Spent ${run.SpentUsd:0.000000} of ${run.Config.BudgetUsd:0.##}.</p>");

        html.AppendLine("<h2>Results</h2>");
        html.AppendLine("<table id=\"results\"><thead><tr><th>Provider</th><th>Model</th><th>Prompt</th><th>Load</th><th>TTFT p50 (ms)</th><th>TTFT p90 (ms)</th><th>Out tok/s p50</th><th>E2E p50 (ms)</th><th>$/request</th><th>$/1M blended</th><th>OK</th><th>Failed</th></tr></thead><tbody>");
        foreach (CaseRecord k in run.Cases)
        {
            CaseFigures f = k.Figures;
            html.AppendLine(c, $"<tr><td>{Encode(k.Provider)}</td><td>{Encode(k.Model)}</td><td>{Encode(k.Prompt)}</td><td>{Encode(k.Load)}</td><td>{Number(f.TtftP50)}</td><td>{Number(f.TtftP90)}</td><td>{Number(f.OutputTokensPerSecondP50)}</td><td>{Number(f.EndToEndP50)}</td><td>{f.CostPerRequestUsd?.ToString("0.000000", c) ?? "n/a"}</td><td>{f.BlendedUsdPerMillion?.ToString("0.00##", c) ?? "n/a"}</td><td>{f.Succeeded}</td><td>{k.Failures.Values.Sum()}</td></tr>");
        }

        html.AppendLine("</tbody></table>");
        html.AppendLine("<h2>Charts</h2>");
        foreach (string chart in charts)
            html.AppendLine(c, $"<figure><img src=\"{Encode(chart)}.svg\" alt=\"{Encode(chart)}\"><figcaption><a href=\"{Encode(chart)}.png\">PNG</a></figcaption></figure>");

        html.AppendLine("<h2>Caveats</h2><ul>");
        foreach (string caveat in caveats)
            html.AppendLine(c, $"<li>{Encode(caveat)}</li>");
        html.AppendLine("</ul>");
        html.AppendLine("<script>window.addEventListener('load',()=>{const i=[...document.images];"
            + "document.body.dataset.ready=String(i.length>0&&i.every(x=>x.complete&&x.naturalWidth>0));});</script>");
        html.AppendLine("</body></html>");

        string path = Path.Combine(directory, $"speedkings-report-{run.RunId}.html");
        File.WriteAllText(path, html.ToString());
        return path;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0", CultureInfo.InvariantCulture);
}
