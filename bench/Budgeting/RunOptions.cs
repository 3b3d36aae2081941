using System.Globalization;
using SpeedKings.Bench.Configuration;
using SpeedKings.Bench.Metrics.Budget;

namespace SpeedKings.Bench.Budgeting;

/// <summary>
/// The suite's own run options, taken out of the arguments before BenchmarkDotNet sees them: the budget, the
/// request counts the budget plans with (so BenchmarkDotNet can never add requests the estimate did not count), and
/// the concurrency levels for endpoints the user owns.
/// </summary>
public sealed record RunOptions(decimal BudgetUsd, int Warmup, int Measured, bool DryRun)
{
    /// <summary>Streams in flight per iteration, one case per level; above 1 only for the loopback and local engines.</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [1];

    /// <summary>The longest a request may take before it counts as a timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = Faults.RequestTimeout.Current;

    public static (RunOptions Options, string[] Remaining) Parse(string[] args)
    {
        decimal budget = Environment.GetEnvironmentVariable(BudgetSetting.Variable) is { Length: > 0 } fromEnvironment
            ? BudgetSetting.Parse(fromEnvironment, BudgetSetting.Variable)
            : BudgetSetting.DefaultUsd;
        int warmup = PaidCallJob.DefaultWarmupCount;
        int measured = PaidCallJob.DefaultIterationCount;
        bool dryRun = false;
        IReadOnlyList<int> concurrency = [1];
        TimeSpan timeout = Faults.RequestTimeout.Current;
        var rest = new List<string>(args.Length);

        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--budget":
                    budget = BudgetSetting.Parse(ValueOf(args, ref i), "--budget");
                    break;
                case "--iterationCount":
                    measured = Count(ValueOf(args, ref i), "--iterationCount", min: 1);
                    break;
                case "--warmupCount":
                    warmup = Count(ValueOf(args, ref i), "--warmupCount", min: 0);
                    break;
                case "--concurrency":
                    concurrency = ConcurrencyLevels.Parse(ValueOf(args, ref i), "--concurrency");
                    break;
                case "--timeout":
                    timeout = Faults.RequestTimeout.Parse(ValueOf(args, ref i), "--timeout");
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--launchCount" or "--invocationCount" or "--unrollFactor" or "--inProcess" or "--memory" or "-m" or "--job" or "-j":
                    throw new ArgumentException($"{args[i]} would add requests the budget did not plan for; the suite runs one request per iteration in one process per case");
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return (new RunOptions(budget, warmup, measured, dryRun) { Concurrency = concurrency, RequestTimeout = timeout }, [.. rest]);
    }

    private static string ValueOf(string[] args, ref int i)
        => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");

    private static int Count(string text, string option, int min)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= 1000
            ? value
            : throw new ArgumentException($"{option} must be a whole number from {min} to 1000, not '{text}'");
}
