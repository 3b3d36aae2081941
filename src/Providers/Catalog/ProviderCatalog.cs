namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>Every provider the suite knows, from <c>data/providers.json</c>.</summary>
internal sealed class ProviderCatalog
{
    private readonly Dictionary<string, ProviderDescriptor> _byId;

    public ProviderCatalog(IEnumerable<ProviderDescriptor> providers)
    {
        Providers = providers.ToList();
        _byId = Providers.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<ProviderDescriptor> Providers { get; }

    public bool TryFind(string id, out ProviderDescriptor descriptor) => _byId.TryGetValue(id, out descriptor!);

    public ProviderDescriptor Find(string id) => TryFind(id, out var descriptor)
        ? descriptor
        : throw new KeyNotFoundException($"unknown provider '{id}'; known providers: {string.Join(", ", _byId.Keys.Order())}.");
}
