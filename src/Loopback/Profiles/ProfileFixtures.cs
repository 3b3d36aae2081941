using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace SpeedKings.Bench.Loopback.Profiles;

/// <summary>
/// Reads the provider profiles from the fixtures embedded at build time from <c>data/fixtures/*.json</c>, so the server
/// carries them wherever it runs (a BDN child process, a test, standalone) and they stay data, not code. A fixture that
/// does not read is a build-breaking mistake: the first problem is reported with the file name, and nothing starts.
/// </summary>
internal static partial class ProfileFixtures
{
    private const string ResourcePrefix = "fixtures/";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    private static readonly Lazy<IReadOnlyList<LoopbackProfile>> Embedded = new(LoadEmbedded);

    /// <summary>Every embedded profile, in file-name order.</summary>
    /// <exception cref="InvalidDataException">A fixture is malformed; the message names it and the problem.</exception>
    public static IReadOnlyList<LoopbackProfile> All => Embedded.Value;

    /// <summary>Reads one fixture; <paramref name="fileName"/> only names it in errors.</summary>
    /// <exception cref="InvalidDataException">The fixture is malformed.</exception>
    public static LoopbackProfile Read(string fileName, Stream utf8Json)
    {
        LoopbackProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<LoopbackProfile>(utf8Json, Options);
        }
        catch (JsonException e)
        {
            throw Invalid(fileName, e.Path is { } path ? $"{path}: {FirstSentence(e.Message)}" : FirstSentence(e.Message));
        }

        if (profile is null)
            throw Invalid(fileName, "expected an object, found null");
        if (Problem(profile) is { } problem)
            throw Invalid(fileName, problem);
        return profile;
    }

    private static IReadOnlyList<LoopbackProfile> LoadEmbedded()
    {
        Assembly assembly = typeof(ProfileFixtures).Assembly;
        var profiles = new List<LoopbackProfile>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            profiles.Add(Read("data/" + name, stream));
        }

        if (profiles.GroupBy(p => p.Route, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } clash)
            throw new InvalidDataException($"Loopback fixtures {string.Join(" and ", clash.Select(p => p.Name))} both claim the route '{clash.Key}'.");
        return profiles;
    }

    private static string? Problem(LoopbackProfile profile)
    {
        if (!NamePattern().IsMatch(profile.Name))
            return $"name must be lower-case letters, digits and dashes (got '{profile.Name}')";
        if (!WireFormatIds.All.Contains(profile.WireFormat, StringComparer.Ordinal))
            return $"wireFormat must be one of {string.Join(", ", WireFormatIds.All)} (got '{profile.WireFormat}')";
        if (!RoutePattern().IsMatch(profile.Route) || profile.Route is "v1" or "_loopback")
            return $"route must be a relative path like 'groq/v1', not the server's own routes (got '{profile.Route}')";
        if (profile.OpenAi is not null && profile.WireFormat != WireFormatIds.OpenAiChat)
            return $"an 'openAi' dialect only applies to the {WireFormatIds.OpenAiChat} format";
        if (profile.OpenAi?.Problem() is { } dialectProblem)
            return "openAi." + dialectProblem;
        if (profile.Expects?.Problem(profile.WireFormat) is { } expectsProblem)
            return "expects." + expectsProblem;
        if (profile.Fault is { } fault)
        {
            try
            {
                Faults.LoopbackFault.Parse(fault);
            }
            catch (FormatException e)
            {
                return "fault: " + e.Message;
            }
        }

        if (profile.Schedule is { } spec)
        {
            try
            {
                EmissionSchedule.Parse(spec);
            }
            catch (FormatException e)
            {
                return "schedule: " + e.Message;
            }
        }

        return null;
    }

    private static InvalidDataException Invalid(string fileName, string problem)
        => new($"Loopback fixture {fileName} is invalid: {problem.TrimEnd('.')}.");

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex RoutePattern();
}
