using System.Text;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// The suite's one table writer: aligned plain text for the console, GitHub Markdown for the write-ups. Columns
/// whose header starts with <c>&gt;</c> are numeric: right-aligned in Markdown (the marker is not printed).
/// </summary>
internal sealed class Table(params string[] headers)
{
    private readonly string[] _headers = [.. headers.Select(h => h.TrimStart('>'))];
    private readonly bool[] _numeric = [.. headers.Select(h => h.StartsWith('>'))];
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public Table Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {_headers.Length} columns");
        _rows.Add(cells);
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        int[] widths = [.. _headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max())];
        writer.WriteLine(Line(_headers, widths));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (string[] row in _rows)
            writer.WriteLine(Line(row, widths));
    }

    public void WriteMarkdown(StringBuilder markdown)
    {
        markdown.AppendLine("| " + string.Join(" | ", _headers) + " |");
        markdown.AppendLine("|" + string.Concat(_numeric.Select(n => n ? "---:|" : "---|")));
        foreach (string[] row in _rows)
            markdown.AppendLine("| " + string.Join(" | ", row) + " |");
    }

    private static string Line(string[] cells, int[] widths)
        => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
