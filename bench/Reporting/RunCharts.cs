using System.Globalization;
using ScottPlot;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// The run's charts, each saved as PNG and SVG: output speed against TTFT (one point per case, up and to the left is
/// better), the per-request TTFT and output-speed distributions per case, output speed against price, and — where a
/// provider ran at several input sizes (the context classes) — TTFT against input tokens, the cost of prefill.
/// </summary>
internal static class RunCharts
{
    private const int Width = 900;
    private const int Height = 560;

    private static readonly int[] InputTicks = [10, 100, 1_000, 10_000, 100_000];

    /// <summary>The names the run's charts are saved under, without extension, whether or not they could be drawn.</summary>
    public static IReadOnlyList<string> Names(RunRecord run)
        => [$"speedkings-speed-vs-ttft-{run.RunId}", $"speedkings-ttft-distribution-{run.RunId}", $"speedkings-speed-distribution-{run.RunId}", $"speedkings-speed-vs-price-{run.RunId}", $"speedkings-ttft-vs-input-{run.RunId}", $"speedkings-sweep-{run.RunId}", $"speedkings-itl-distribution-{run.RunId}"];

    /// <summary>Writes the charts into <paramref name="directory"/> and returns their file names without extension.</summary>
    public static IReadOnlyList<string> Save(RunRecord run, string directory)
    {
        Directory.CreateDirectory(directory);
        var cases = run.Cases.Where(k => k.Figures.Succeeded > 0).ToList();
        var written = new List<string>();
        IReadOnlyList<string> names = Names(run);
        Save(SpeedVersusTtft(cases), directory, names[0], written);
        Save(Distribution(cases, r => r.FirstTokenMs, "TTFT per request (ms)"), directory, names[1], written);
        Save(Distribution(cases, r => r.OutputTokensPerSecond, "Output tokens/s per request"), directory, names[2], written);
        if (cases.Any(k => k.Figures.BlendedUsdPerMillion is not null))
            Save(SpeedVersusPrice(cases), directory, names[3], written);
        var lines = PrefillLines(cases);
        if (lines.Count > 0)
            Save(TtftVersusInput(lines), directory, names[4], written);
        IReadOnlyList<SweepCurve> curves = SweepCurve.Of(run);
        if (curves.Count > 0)
            Save(LatencyVersusThroughput(curves), directory, names[5], written);
        Save(Distribution(cases, r => r.InterEventGapMedianMs, "ITL per request, median of its gaps (ms)"), directory, names[6], written);
        return written;
    }

    private static void Save(Plot plot, string directory, string name, List<string> written)
    {
        plot.Axes.Margins(0.15, 0.15); // points at the extremes stay clear of the frame and the legend
        plot.SavePng(Path.Combine(directory, name + ".png"), Width, Height);
        plot.SaveSvg(Path.Combine(directory, name + ".svg"), Width, Height);
        written.Add(name);
    }

    private static Plot SpeedVersusTtft(IReadOnlyList<CaseRecord> cases)
        => SpeedAgainst(cases, k => k.Figures.TtftP50, "Output speed vs time to first token (medians; up and left is better)", "TTFT p50 (ms)");

    private static Plot SpeedVersusPrice(IReadOnlyList<CaseRecord> cases)
        => SpeedAgainst(
            [.. cases.Where(k => k.Figures.BlendedUsdPerMillion is not null)],
            k => (double)k.Figures.BlendedUsdPerMillion!.Value,
            "Output speed vs price (blended $ per 1M tokens at each prompt's mix)",
            "$ per 1M tokens, blended");

    /// <summary>One labelled point per case: median output speed up the side, <paramref name="x"/> along the bottom.</summary>
    private static Plot SpeedAgainst(IReadOnlyList<CaseRecord> cases, Func<CaseRecord, double> x, string title, string xLabel)
    {
        var plot = new Plot();
        foreach (CaseRecord k in cases)
        {
            var point = plot.Add.Scatter(new[] { x(k) }, new[] { k.Figures.OutputTokensPerSecondP50 });
            point.MarkerSize = 12;
            point.LegendText = Label(k);
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("Output tokens/s p50");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Every request as a dot in its case's column, with the case median as a bar: spread and outliers at a glance.</summary>
    private static Plot Distribution(IReadOnlyList<CaseRecord> cases, Func<Metrics.Records.RequestRecord, double?> value, string label)
    {
        var plot = new Plot();
        var ticks = new List<Tick>();
        for (int i = 0; i < cases.Count; i++)
        {
            double[] values = [.. cases[i].Requests.Where(r => r.Succeeded && !r.IsColdStart).Select(value).Where(v => v is not null && !double.IsNaN(v.Value)).Select(v => v!.Value)];
            if (values.Length == 0)
                continue;
            double[] xs = [.. values.Select((_, j) => i + ((j % 7) - 3) * 0.04)]; // a little spread so equal values stay visible
            var dots = plot.Add.ScatterPoints(xs, values);
            dots.MarkerSize = 6;
            Array.Sort(values);
            double median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
            var bar = plot.Add.Line(i - 0.25, median, i + 0.25, median);
            bar.LineWidth = 3;
            bar.Color = dots.Color;
            ticks.Add(new Tick(i, Label(cases[i])));
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 20;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 110; // room for the rotated case names
        plot.Title(label + " (bar: median)");
        plot.YLabel(label);
        return plot;
    }

    /// <summary>Per provider and concurrency that ran at two or more input sizes: its cases by mean input tokens.</summary>
    private static List<(string Label, CaseRecord[] Cases)> PrefillLines(IReadOnlyList<CaseRecord> cases)
        => [.. cases.GroupBy(k => (k.Provider, k.Model, k.Load))
            .Select(g => (Label: g.Key.Load == "1" ? g.Key.Provider : $"{g.Key.Provider} {LoadLabel(g.First())}", Cases: g.OrderBy(k => k.Figures.InputTokensMean).ToArray()))
            .Where(line => line.Cases.Select(k => k.Figures.InputTokensMean).Distinct().Count() >= 2)];

    /// <summary>One line per provider: TTFT p50 against the prompt's input tokens, on a log scale so 100 and 100k fit.</summary>
    private static Plot TtftVersusInput(List<(string Label, CaseRecord[] Cases)> lines)
    {
        var plot = new Plot();
        foreach (var (label, cases) in lines)
        {
            var line = plot.Add.Scatter(cases.Select(k => Math.Log10(Math.Max(k.Figures.InputTokensMean, 1))).ToArray(), cases.Select(k => k.Figures.TtftP50).ToArray());
            line.MarkerSize = 10;
            line.LegendText = label;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. InputTicks.Select(t => new Tick(Math.Log10(t), t.ToString("N0", CultureInfo.InvariantCulture)))]);
        plot.Title("Time to first token vs input tokens (medians; the slope is prefill)");
        plot.XLabel("Input tokens per request (log scale)");
        plot.YLabel("TTFT p50 (ms)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>A sweep per line: TTFT as users waited for it against the throughput each load gave, its knee ringed.</summary>
    private static Plot LatencyVersusThroughput(IReadOnlyList<SweepCurve> curves)
    {
        var plot = new Plot();
        foreach (SweepCurve curve in curves)
        {
            CaseRecord[] points = [.. curve.Points.Where(k => k.Figures.RequestsPerSecond is not null)];
            var line = plot.Add.Scatter(points.Select(k => k.Figures.RequestsPerSecond!.Value).ToArray(), points.Select(SweepCurve.TtftAsWaited).ToArray());
            line.MarkerSize = 8;
            line.LegendText = $"{curve.Provider} {curve.Prompt}";
            if (curve.Knee is { Figures.RequestsPerSecond: { } kneeRate } knee)
            {
                var ring = plot.Add.Marker(kneeRate, SweepCurve.TtftAsWaited(knee), MarkerShape.OpenCircle, 22);
                ring.Color = line.Color;
            }

            AddEngineSide(plot, curve.Provider, curve.Prompt, points, line.Color);
        }

        plot.Title($"Latency vs throughput (sweep; ringed: the knee, most throughput with TTFT within {SweepCurve.KneeFactor:0.#}× unloaded)");
        plot.XLabel("Requests per second served");
        plot.YLabel("TTFT p50 from intended send (ms)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>
    /// Where the endpoint exposed its metrics: the engine's own mean TTFT beside the client's (dotted, same axis) and
    /// its queue, the most requests it held waiting, on the right axis (dashed) — where the queue starts to grow is
    /// where the engine, not the client, became the limit.
    /// </summary>
    private static void AddEngineSide(Plot plot, string provider, string prompt, CaseRecord[] points, ScottPlot.Color color)
    {
        CaseRecord[] scraped = [.. points.Where(k => k.Figures.Engine is not null)];
        if (scraped.Length == 0)
            return;
        double[] rates = [.. scraped.Select(k => k.Figures.RequestsPerSecond!.Value)];
        CaseRecord[] timed = [.. scraped.Where(k => k.Figures.Engine!.ServerTtftMs is not null)];
        if (timed.Length > 0)
        {
            var ttft = plot.Add.Scatter(timed.Select(k => k.Figures.RequestsPerSecond!.Value).ToArray(), timed.Select(k => k.Figures.Engine!.ServerTtftMs!.Value).ToArray());
            ttft.Color = color;
            ttft.LinePattern = LinePattern.Dotted;
            ttft.LegendText = $"{provider} {prompt}: engine's own TTFT mean";
        }

        var queue = plot.Add.Scatter(rates, scraped.Select(k => k.Figures.Engine!.WaitingMax).ToArray());
        queue.Color = color;
        queue.LinePattern = LinePattern.Dashed;
        queue.MarkerShape = MarkerShape.OpenSquare;
        queue.Axes.YAxis = plot.Axes.Right;
        queue.LegendText = $"{provider} {prompt}: engine queue (most waiting, right axis)";
        plot.Axes.Right.Label.Text = "Requests waiting in the engine (max)";
    }

    private static string Label(CaseRecord k)
        => k.Load == "1" ? $"{k.Provider} {k.Prompt}" : $"{k.Provider} {k.Prompt} {LoadLabel(k)}";

    private static string LoadLabel(CaseRecord k) => k.Rate is null ? $"x{k.Concurrency}" : k.Load;
}
