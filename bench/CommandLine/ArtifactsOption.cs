using System.CommandLine;
using SpeedKings.Bench.Hosting;

namespace SpeedKings.Bench.CommandLine;

/// <summary>
/// <c>--artifacts</c> / <c>-a</c>, BenchmarkDotNet's own spelling: the suite owns it so a relative folder means the
/// folder the user ran from, and so every report — BenchmarkDotNet's and the suite's — lands in the same place.
/// </summary>
internal static class ArtifactsOption
{
    public static Option<string?> Create() => new("--artifacts", "-a")
    {
        Description = "Where reports, records and history go (default: BenchmarkDotNet.Artifacts at the repository root)",
        HelpName = "DIR",
    };

    public static string Resolve(string? given, SuitePaths paths) => given is null ? paths.Artifacts : paths.FromInvocation(given);
}
