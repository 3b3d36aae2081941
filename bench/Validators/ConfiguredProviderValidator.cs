using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using SpeedKings.Bench.Context;

namespace SpeedKings.Bench.Validators;

/// <summary>A case whose provider cannot run (no key, no address) is refused with the setting that would fix it.</summary>
internal sealed class ConfiguredProviderValidator(RunContext run) : IValidator
{
    public bool TreatsWarningsAsErrors => true;

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => Check(validationParameters.Benchmarks);

    public IEnumerable<ValidationError> Check(IEnumerable<BenchmarkCase> cases)
        => cases
            .Select(c => (Case: c, Target: run.Target(CaseParams.Of(c).Provider)))
            .Where(c => !c.Target.IsConfigured)
            .DistinctBy(c => c.Target.Provider.Id)
            .Select(c => new ValidationError(true, Sentence(c.Target), c.Case));

    /// <summary>"groq is not configured: set GROQ_API_KEY to benchmark it." — or, when the fix is not a setting, the problem itself.</summary>
    private static string Sentence(RunTarget target)
        => target.Problem!.StartsWith("set ", StringComparison.Ordinal)
            ? $"{target.Provider.Id} is not configured: {target.Problem} to benchmark it."
            : $"{target.Provider.Id} cannot run: {target.Problem}.";
}
