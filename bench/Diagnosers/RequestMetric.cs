using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;

namespace SpeedKings.Bench.Diagnosers;

/// <summary>
/// A per-case figure computed from request records, shown as a BenchmarkDotNet metric: a column in the console,
/// Markdown, HTML and CSV reports, and an entry in the full JSON.
/// </summary>
internal sealed class RequestMetric(
    string id,
    string displayName,
    string legend,
    string numberFormat,
    bool theGreaterTheBetter,
    int priority,
    bool onlyWhenNonZero = false) : IMetricDescriptor
{
    public string Id { get; } = id;
    public string DisplayName { get; } = displayName;
    public string Legend { get; } = legend;
    public string NumberFormat { get; } = numberFormat;

    // Dimensionless: BenchmarkDotNet would otherwise rescale times to the run's unit (seconds for long calls) and
    // lose TTFT's precision. The unit is in the column name instead.
    public UnitType UnitType => UnitType.Dimensionless;
    public string Unit => "";
    public bool TheGreaterTheBetter { get; } = theGreaterTheBetter;
    public int PriorityInCategory { get; } = priority;

    public bool GetIsAvailable(Metric metric) => !onlyWhenNonZero || metric.Value != 0;
}
