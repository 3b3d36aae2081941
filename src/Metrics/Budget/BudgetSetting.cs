using System.Globalization;

namespace SpeedKings.Bench.Metrics.Budget;

/// <summary>The run's budget in USD: <c>--budget</c>, else <c>SPEEDKINGS_BUDGET_USD</c>, else $0.25.</summary>
internal static class BudgetSetting
{
    public const decimal DefaultUsd = 0.25m;
    public const string Variable = "SPEEDKINGS_BUDGET_USD";

    /// <summary>Parses a budget; the exception's message is the one sentence a user sees.</summary>
    public static decimal Parse(string text, string source)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value))
            throw new FormatException($"{source} must be an amount in US dollars such as 0.25, not '{text}'");
        if (value <= 0)
            throw new FormatException($"{source} must be more than $0 (got {text}); a run with no money to spend would send nothing");
        if (value > 1000)
            throw new FormatException($"{source} of ${text} is above the $1000 safety limit; split the run if you really mean it");
        return value;
    }
}
