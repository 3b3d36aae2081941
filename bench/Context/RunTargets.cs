using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;

namespace SpeedKings.Bench.Context;

/// <summary>
/// The values of the <c>Provider</c> param: every catalog provider, resolved against the user's settings — one target
/// per model when several are listed. Providers that cannot run stay in the list with their problem, so a filter that
/// asks for one is answered with what to set instead of BenchmarkDotNet's list of everything that exists.
/// </summary>
internal static class RunTargets
{
    public static IReadOnlyList<RunTarget> Resolve(Suite suite, DateOnly day)
    {
        var targets = new List<RunTarget>();
        foreach (ProviderDescriptor descriptor in suite.Data.Catalog.Providers)
        {
            ProviderStatus status = suite.Settings.Resolve(descriptor);
            foreach (ProviderTarget target in ProviderTarget.Of(status))
            {
                string model = target.Model ?? status.Endpoint?.Model ?? suite.Settings.Models(descriptor)[0];
                targets.Add(new RunTarget(
                    target.ParamValue,
                    descriptor,
                    model,
                    target.EndpointIn(status)?.BaseUrl,
                    status.IsConfigured ? null : status.Problem,
                    suite.Data.Prices.Find(descriptor.Id, model, day),
                    descriptor.Kind == ProviderKind.Reference ? EmbeddedLoopback.Describe(descriptor) : model)
                {
                    Tasks = Tasks(suite, descriptor, model, day),
                });
            }
        }

        return targets;
    }

    /// <summary>
    /// Each task the provider serves besides chat: <c>&lt;ID&gt;_&lt;TASK&gt;_MODEL</c>, else the catalog's model for the task,
    /// else the chat model; its route's format; its price on the run's day.
    /// </summary>
    private static Dictionary<InferenceTask, TaskTarget> Tasks(Suite suite, ProviderDescriptor descriptor, string chatModel, DateOnly day)
    {
        var tasks = new Dictionary<InferenceTask, TaskTarget>();
        foreach ((InferenceTask task, TaskSupport support) in descriptor.Tasks ?? new Dictionary<InferenceTask, TaskSupport>())
        {
            string model = suite.Settings.Lookup(descriptor.TaskModelVariable(task)) ?? support.Model ?? chatModel;
            tasks[task] = new TaskTarget(model, support.WireFormat ?? descriptor.WireFormat, suite.Data.Prices.Find(descriptor.Id, model, day));
        }

        return tasks;
    }

    /// <summary>The keys of the configured targets, by the variable a benchmark process reads them from.</summary>
    public static IReadOnlyDictionary<string, (string Variable, ApiKey Key)> Keys(Suite suite)
        => suite.Data.Catalog.Providers
            .Select(d => (Descriptor: d, suite.Settings.Resolve(d).Endpoint?.Key ?? default))
            .Where(p => !p.Item2.IsEmpty)
            .ToDictionary(p => p.Descriptor.Id, p => (p.Descriptor.PrimaryKeyVariable, p.Item2), StringComparer.Ordinal);
}
