using System.Text.RegularExpressions;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Hosting;

/// <summary>
/// Checks <c>--filter</c> globs before BenchmarkDotNet sees them. BenchmarkDotNet answers a filter that matches
/// nothing with the list of every benchmark name; a user who asked for <c>*Cerebras*</c> without a key deserves one
/// sentence naming the variable to set.
/// </summary>
public sealed class FilterPreflight(IReadOnlyList<ProviderStatus> providers, IReadOnlyList<string> prompts, IReadOnlyList<string> benchmarkNames)
{
    /// <summary>The globs given with <c>--filter</c> / <c>-f</c> (BenchmarkDotNet accepts several after one flag).</summary>
    public static List<string> FiltersIn(IReadOnlyList<string> args)
    {
        var filters = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] is not ("--filter" or "-f"))
                continue;
            while (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                filters.Add(args[++i]);
        }

        return filters;
    }

    /// <summary>Null when at least one configured case matches; otherwise the sentence to print.</summary>
    public string? Problem(IReadOnlyList<string> filters)
    {
        if (filters.Count == 0)
            return null;
        var globs = filters.Select(ToRegex).ToList();
        bool Matches(ProviderStatus status) => ProviderTarget.Of(status)
            .SelectMany(target => CaseNames(target.ParamValue))
            .Any(name => globs.Any(g => g.IsMatch(name)));

        if (providers.Any(p => p.IsConfigured && Matches(p)))
            return null;

        var wanted = providers.Where(p => !p.IsConfigured && Matches(p)).ToList();
        if (wanted.Count > 0)
            return string.Join(" ", wanted.Select(p => $"{p.Descriptor.Id} is not configured: {p.Problem} to benchmark it."));

        return $"no benchmark matches {string.Join(" ", filters.Select(f => $"'{f}'"))}; providers: {string.Join(", ", providers.Select(p => p.Descriptor.Id))}; prompt sizes: {string.Join(", ", prompts)}.";
    }

    /// <summary>Whether the filters (none: everything) select this provider param and prompt size.</summary>
    public bool Selects(IReadOnlyList<string> filters, string providerParam, string prompt)
    {
        if (filters.Count == 0)
            return true;
        var globs = filters.Select(ToRegex).ToList();
        return benchmarkNames.Any(b => globs.Any(g => g.IsMatch(b) || g.IsMatch($"{b}(Provider: \"{providerParam}\", Prompt: \"{prompt}\")")));
    }

    /// <summary>The names BenchmarkDotNet matches a glob against: <c>Type.Method</c> and the full name with params.</summary>
    private IEnumerable<string> CaseNames(string providerParam)
    {
        foreach (string benchmark in benchmarkNames)
        {
            yield return benchmark;
            foreach (string prompt in prompts)
                yield return $"{benchmark}(Provider: \"{providerParam}\", Prompt: \"{prompt}\")";
        }
    }

    private static Regex ToRegex(string glob)
        => new("^" + Regex.Escape(glob).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
