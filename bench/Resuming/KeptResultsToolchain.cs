using BenchmarkDotNet.Characteristics;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.Parameters;
using BenchmarkDotNet.Toolchains.Results;
using BenchmarkDotNet.Validators;
using SpeedKings.Bench.Context;

namespace SpeedKings.Bench.Resuming;

/// <summary>
/// The toolchain of a case that finished before the run was interrupted: nothing is built and no process starts; the
/// measurements BenchmarkDotNet kept for it come back from its <see cref="FinishedCase"/> file. So a resumed run's
/// summary has every case — BenchmarkDotNet's tables and the suite's reports alike — and a Toolchain column marks the
/// rows that were kept rather than sent again.
/// </summary>
/// <param name="run">The resumed run, whose folder holds the kept results.</param>
internal sealed class KeptResultsToolchain(RunContext run) : IToolchain
{
    public string Name => "Kept";

    public IGenerator Generator { get; } = new NothingToGenerate();

    public IBuilder Builder { get; } = new NothingToBuild();

    public IExecutor Executor { get; } = new KeptResults(run);

    // Not in process either: the case's requests were sent by its own process, in the interrupted run.
    public bool IsInProcess => false;

    public IEnumerable<ValidationError> Validate(BenchmarkCase benchmarkCase, IResolver resolver) => [];

    public override string ToString() => Name;

    /// <summary>The same case, to be reported from what was kept instead of run.</summary>
    public BenchmarkCase Replay(BenchmarkCase finished)
        => BenchmarkCase.Create(finished.Descriptor, finished.Job.WithToolchain(this).Freeze(), finished.Parameters, finished.Config);

    private sealed class NothingToGenerate : IGenerator
    {
        public GenerateResult GenerateProject(BuildPartition buildPartition, ILogger logger, string rootArtifactsFolderPath)
            => GenerateResult.Success(ArtifactsPaths.Empty, []);
    }

    private sealed class NothingToBuild : IBuilder
    {
        public BuildResult Build(GenerateResult generateResult, BuildPartition buildPartition, ILogger logger)
            => BuildResult.Success(generateResult);
    }

    private sealed class KeptResults(RunContext run) : IExecutor
    {
        public ExecuteResult Execute(ExecuteParameters parameters)
        {
            string records = CaseParams.Of(parameters.BenchmarkCase).RecordFile(run);
            if (FinishedCase.Load(records) is not { } kept)
            {
                parameters.Logger.WriteLineError($"// The kept results of this case are gone ({FinishedCase.PathFor(records)}); run it again without --resume.");
                return new ExecuteResult(false, -1, null, [], [], [], parameters.LaunchIndex);
            }

            parameters.Logger.WriteLineInfo($"// Kept from the interrupted run: {kept.Measurements.Count} measurements, requests in {records}; nothing is sent.");
            return new ExecuteResult(true, 0, null, kept.Measurements, [], [], parameters.LaunchIndex);
        }
    }
}
