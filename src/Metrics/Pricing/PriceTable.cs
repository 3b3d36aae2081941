namespace SpeedKings.Bench.Metrics.Pricing;

/// <summary>The dated price list: finds the price in force for a provider and model on a given day.</summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, List<Price>> _byProvider;

    public PriceTable(string version, IEnumerable<Price> prices)
    {
        Version = version;
        _byProvider = prices
            .GroupBy(p => p.Provider, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(p => p.Effective).ToList(),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The table's own version (its date), recorded with every run.</summary>
    public string Version { get; }

    public IEnumerable<Price> All => _byProvider.Values.SelectMany(p => p);

    /// <summary>
    /// The newest entry effective on <paramref name="asOf"/> for this exact model, else for the provider's <c>*</c>
    /// entry; null when neither exists.
    /// </summary>
    public Price? Find(string provider, string model, DateOnly asOf)
    {
        if (!_byProvider.TryGetValue(provider, out List<Price>? prices))
            return null;
        return Newest(prices, model, asOf) ?? Newest(prices, Price.AnyModel, asOf);
    }

    /// <summary>Entries of <paramref name="overrides"/> take precedence over this table's entries for the same provider and model.</summary>
    public PriceTable OverriddenBy(PriceTable overrides)
    {
        var replaced = overrides.All.Select(p => (p.Provider.ToUpperInvariant(), p.Model.ToUpperInvariant())).ToHashSet();
        var kept = All.Where(p => !replaced.Contains((p.Provider.ToUpperInvariant(), p.Model.ToUpperInvariant())));
        return new PriceTable($"{Version}+{overrides.Version}", kept.Concat(overrides.All));
    }

    private static Price? Newest(List<Price> prices, string model, DateOnly asOf)
        => prices.FirstOrDefault(p => p.Effective <= asOf && string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase));
}
