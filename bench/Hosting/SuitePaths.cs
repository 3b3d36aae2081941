namespace SpeedKings.Bench.Hosting;

/// <summary>
/// Where the suite's files are. BenchmarkDotNet runs each case from a generated build folder, so nothing may
/// rely on the current directory: the root is found once and handed to every child process by variable.
/// </summary>
internal sealed record SuitePaths(string Root)
{
    /// <summary>Set by the host for its benchmark processes; users may set it to run from elsewhere.</summary>
    public const string RootVariable = "SPEEDKINGS_ROOT";

    private const string Marker = "SpeedKings.Bench.sln";

    public string Data => Path.Combine(Root, "data");
    public string Providers => Path.Combine(Data, "providers.json");
    public string Prompts => Path.Combine(Data, "prompts.json");
    public string Pricing => Path.Combine(Data, "pricing.json");
    public string Artifacts => Path.Combine(Root, "BenchmarkDotNet.Artifacts");
    public string Records => Path.Combine(Artifacts, "records");

    /// <summary>A path the user typed, made absolute against the folder they ran from (run.sh changes directory).</summary>
    public string FromInvocation(string path)
    {
        string invokedFrom = Environment.GetEnvironmentVariable("SPEEDKINGS_INVOKED_FROM") is { Length: > 0 } dir ? dir : Directory.GetCurrentDirectory();
        return Path.GetFullPath(path, invokedFrom);
    }

    public static SuitePaths Locate()
    {
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } configured)
            return new SuitePaths(Path.GetFullPath(configured));

        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker)))
                    return new SuitePaths(dir.FullName);
            }
        }

        throw new DirectoryNotFoundException($"cannot find the suite's folder ({Marker}); run from the repository or set {RootVariable}.");
    }
}
