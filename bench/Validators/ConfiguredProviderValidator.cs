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
            .Select(c => new ValidationError(true, $"{c.Target.Provider.Id} is not configured: {c.Target.Problem} to benchmark it.", c.Case));
}
