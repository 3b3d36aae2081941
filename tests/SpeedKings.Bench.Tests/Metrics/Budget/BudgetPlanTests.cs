using SpeedKings.Bench.Metrics.Budget;
using SpeedKings.Bench.Metrics.Pricing;

namespace SpeedKings.Bench.Tests.Metrics.Budget;

public class BudgetPlanTests
{
    private static readonly Price Price = new("p", "*", default, 1m, 1m, 10m, "test");

    private static IReadOnlyList<CostEstimate> Cases(int measured)
        => [new("a", "p", "m", "Short", 1, measured, 100, 1000, 2000, Price), new("b", "p", "m", "Long", 0, measured, 100, 1000, 2000, Price)];

    [Fact]
    public void A_run_that_fits_keeps_its_counts()
    {
        BudgetPlan plan = BudgetPlan.Fit(Cases, 5, 1m);
        Assert.False(plan.IsScaledDown);
        Assert.Equal(5, plan.Measured);
        Assert.Equal(11 * 0.0101m, plan.ExpectedUsd); // 11 requests of 100 in + 1000 out
    }

    [Fact]
    public void A_run_too_big_is_scaled_down_and_says_so()
    {
        BudgetPlan plan = BudgetPlan.Fit(Cases, 10, 0.08m); // 0.0101 per request: 7 requests fit, so 3 + 4 at measured = 3
        Assert.True(plan.IsScaledDown);
        Assert.Equal(3, plan.Measured);
        Assert.True(plan.ExpectedUsd <= 0.08m);
    }

    [Fact]
    public void A_run_scaled_down_keeps_the_largest_count_that_fits_not_the_floor()
    {
        // 2m + 1 requests at $0.0101: m = 5 costs 0.1111 and fits 0.12, m = 6 costs 0.1313 and does not.
        BudgetPlan plan = BudgetPlan.Fit(Cases, 10, 0.12m);
        Assert.True(plan.IsScaledDown);
        Assert.Equal(5, plan.Measured);
        Assert.Equal(11 * 0.0101m, plan.ExpectedUsd);
    }

    [Fact]
    public void A_run_that_cannot_fit_even_scaled_down_is_refused_with_what_would_fit()
    {
        BudgetPlan plan = BudgetPlan.Fit(Cases, 10, 0.05m);
        Assert.True(plan.IsRefused);
        Assert.Equal("the run is expected to cost $0.0707 even at 3 measured requests per case, more than the $0.05 budget; raise --budget to 0.0707 or narrow --filter", plan.Refusal);
    }

    [Theory]
    [InlineData("-1", "--budget must be more than $0 (got -1); a run with no money to spend would send nothing")]
    [InlineData("0", "--budget must be more than $0 (got 0); a run with no money to spend would send nothing")]
    [InlineData("abc", "--budget must be an amount in US dollars such as 0.25, not 'abc'")]
    [InlineData("NaN", "--budget must be an amount in US dollars such as 0.25, not 'NaN'")]
    public void Bad_budgets_get_one_sentence(string text, string message)
        => Assert.Equal(message, Assert.Throws<FormatException>(() => BudgetSetting.Parse(text, "--budget")).Message);
}
