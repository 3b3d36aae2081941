using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Reporting;

namespace SpeedKings.Bench.Commands;

/// <summary><c>./run.sh list</c>: every provider, whether it will run, and if not what to set.</summary>
internal static class ListCommand
{
    public static int Run(Suite suite, TextWriter output)
    {
        (SuiteData data, ProviderSettings settings) = (suite.Data, suite.Settings);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var table = new Table("Provider", "Status", "Base URL", "Model(s)", "Price in/out per 1M");
        foreach (ProviderDescriptor descriptor in data.Catalog.Providers)
        {
            ProviderStatus status = settings.Resolve(descriptor);
            IReadOnlyList<string> models = status.IsConfigured ? status.Models : settings.Models(descriptor);
            string url = status.Endpoint?.BaseUrl.AbsoluteUri
                ?? descriptor.BaseUrl?.AbsoluteUri
                ?? (descriptor.Kind == ProviderKind.Reference ? "(embedded, started by the run)" : "(from the environment)");
            table.Add(
                descriptor.Id,
                status.IsConfigured ? "ready" : $"skipped: {status.Problem}",
                url,
                string.Join(", ", models),
                string.Join(", ", models.Select(m => PriceText(data.Prices.Find(descriptor.Id, m, today)))));
        }

        table.WriteTo(output);
        output.WriteLine();
        TaskMatrix(data.Catalog, settings).WriteTo(output);
        output.WriteLine();
        output.WriteLine("Keys come from environment variables, a .env file at the repository root, or .NET user-secrets; <ID>_BASE_URL and <ID>_MODEL (comma-separated for several) override address and model.");
        return 0;
    }

    /// <summary>
    /// Which provider serves which task (data/providers.json <c>tasks</c>), with the model a task asks for where it is
    /// not the chat model: a cell with "—" is a case that does not exist, whatever the filter.
    /// </summary>
    private static Table TaskMatrix(ProviderCatalog catalog, ProviderSettings settings)
    {
        InferenceTask[] tasks = Enum.GetValues<InferenceTask>();
        var matrix = new Table(["Tasks served", .. tasks.Select(t => t.ToString())]);
        foreach (ProviderDescriptor descriptor in catalog.Providers)
        {
            matrix.Add([descriptor.Id, .. tasks.Select(task => !descriptor.Serves(task)
                ? "—"
                : settings.Lookup(descriptor.TaskModelVariable(task)) ?? descriptor.SupportFor(task).Model ?? "yes")]);
        }

        return matrix;
    }

    private static string PriceText(Price? price) => price switch
    {
        null => "unknown",
        { Notional: true } => $"${price.InputPerMillion:0.###}/${price.OutputPerMillion:0.###} (notional)",
        { Tiers.Count: > 0 } => $"${price.InputPerMillion:0.###}/${price.OutputPerMillion:0.###} (+ {string.Join(", ", price.Tiers.Select(t => t.Name))} by UTC hour)",
        _ => $"${price.InputPerMillion:0.###}/${price.OutputPerMillion:0.###}",
    };
}
