using Microsoft.Extensions.Configuration;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Hosting;

/// <summary>
/// Where provider settings come from, strongest first: the command line (<c>--endpoint</c>), environment variables,
/// the repository's <c>.env</c> file, .NET user-secrets. Only the host reads them; benchmark processes get what they
/// need through the run context, and a key through their own environment.
/// </summary>
internal static class SuiteSettings
{
    public static ProviderSettings Load(SuitePaths paths, IReadOnlyDictionary<string, string?>? commandLine = null)
    {
        IConfigurationRoot configuration = new ConfigurationBuilder()
            .AddUserSecrets(typeof(SuiteSettings).Assembly, optional: true)
            .AddInMemoryCollection(DotEnvFile.Read(Path.Combine(paths.Root, ".env")))
            .AddEnvironmentVariables()
            .AddInMemoryCollection(commandLine ?? new Dictionary<string, string?>())
            .Build();
        return new ProviderSettings(name => configuration[name]);
    }
}
