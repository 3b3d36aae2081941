namespace SpeedKings.Bench.Metrics.Pricing;

/// <summary>The dated price list: finds the price in force for a provider and model on a given day.</summary>
internal sealed class PriceTable
{
    private readonly Dictionary<string, List<Price>> _byProvider;
    private readonly PriceTable? _underneath;

    public PriceTable(string version, IEnumerable<Price> prices)
        : this(version, prices, null)
    {
    }

    private PriceTable(string version, IEnumerable<Price> prices, PriceTable? underneath)
    {
        Version = version;
        _underneath = underneath;
        _byProvider = prices
            .GroupBy(p => p.Provider, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(p => p.Effective).ToList(),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The table's own version (its date), recorded with every run.</summary>
    public string Version { get; }

    /// <summary>Every entry in force somewhere: an override's entries, then those it does not shadow.</summary>
    public IEnumerable<Price> All => _byProvider.Values.SelectMany(p => p)
        .Concat(_underneath?.All.Where(p => !_byProvider.ContainsKey(p.Provider)) ?? []);

    /// <summary>
    /// The newest entry effective on <paramref name="asOf"/> for this exact model, else for the provider's <c>*</c>
    /// entry; null when neither exists.
    /// </summary>
    public Price? Find(string provider, string model, DateOnly asOf)
    {
        if (!_byProvider.TryGetValue(provider, out List<Price>? prices))
            return _underneath?.Find(provider, model, asOf);
        return Newest(prices, model, asOf) ?? Newest(prices, Price.AnyModel, asOf);
    }

    /// <summary>
    /// A table where <paramref name="overrides"/> decides the price of every provider it names (a <c>*</c> entry there
    /// covers all of that provider's models), and this table the rest.
    /// </summary>
    public PriceTable OverriddenBy(PriceTable overrides)
        => new($"{Version}+{overrides.Version}", overrides.All, this);

    private static Price? Newest(List<Price> prices, string model, DateOnly asOf)
        => prices.FirstOrDefault(p => p.Effective <= asOf && string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase));
}
