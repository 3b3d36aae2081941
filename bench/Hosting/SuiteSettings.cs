using Microsoft.Extensions.Configuration;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Hosting;

/// <summary>
/// Where provider settings come from, strongest first: the command line (<c>--endpoint</c>), environment variables,
/// a <c>.env</c> file, .NET user-secrets. Only the host reads them; benchmark processes get what they need through
/// the run context, and a key through their own environment. <see cref="RootVariable"/> moves the file-based sources
/// to one folder (<c>.env</c> and <c>secrets.json</c> there, nothing from the repository or the user profile): how the
/// tests keep a developer's real keys out of their runs.
/// </summary>
internal static class SuiteSettings
{
    public const string RootVariable = "SPEEDKINGS_SETTINGS_ROOT";

    /// <param name="allowCleartext">Accept plain http:// to hosts that are not this machine (<c>--allow-http</c>).</param>
    public static ProviderSettings Load(SuitePaths paths, IReadOnlyDictionary<string, string?>? commandLine = null, bool allowCleartext = false)
    {
        var builder = new ConfigurationBuilder();
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root)
        {
            string folder = paths.FromInvocation(root);
            builder.AddJsonFile(Path.Combine(folder, "secrets.json"), optional: true)
                .AddInMemoryCollection(DotEnvFile.Read(Path.Combine(folder, ".env")));
        }
        else
        {
            builder.AddUserSecrets(typeof(SuiteSettings).Assembly, optional: true)
                .AddInMemoryCollection(DotEnvFile.Read(Path.Combine(paths.Root, ".env")));
        }

        IConfigurationRoot configuration = builder
            .AddEnvironmentVariables()
            .AddInMemoryCollection(commandLine ?? new Dictionary<string, string?>())
            .Build();
        return new ProviderSettings(name => configuration[name], allowCleartext: allowCleartext);
    }
}
