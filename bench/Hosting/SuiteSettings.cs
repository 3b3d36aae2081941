using Microsoft.Extensions.Configuration;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Hosting;

/// <summary>
/// Where provider settings come from, strongest first: environment variables, the repository's <c>.env</c> file,
/// .NET user-secrets. Every benchmark process reads the same sources, so each resolves providers as the host did.
/// </summary>
public static class SuiteSettings
{
    /// <summary>Set by the host after probing: local engines that answered, so benchmark processes need not probe again.</summary>
    public const string DetectedEnginesVariable = "SPEEDKINGS_LOCAL_ENGINES";

    private static readonly Lock Gate = new();
    private static ProviderSettings? _cached;

    public static ProviderSettings Current
    {
        get
        {
            lock (Gate)
                return _cached ??= Load(SuitePaths.Locate());
        }
    }

    public static ProviderSettings Load(SuitePaths paths, IReadOnlySet<string>? detected = null)
    {
        IConfigurationRoot configuration = new ConfigurationBuilder()
            .AddUserSecrets(typeof(SuiteSettings).Assembly, optional: true)
            .AddInMemoryCollection(DotEnvFile.Read(Path.Combine(paths.Root, ".env")))
            .AddEnvironmentVariables()
            .Build();
        detected ??= (Environment.GetEnvironmentVariable(DetectedEnginesVariable) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new ProviderSettings(name => configuration[name], detected);
    }

    /// <summary>Forgets the cached settings (after the host detected local engines).</summary>
    public static void Reset()
    {
        lock (Gate)
            _cached = null;
    }
}
