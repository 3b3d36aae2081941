namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>A provider resolved against the environment: where to send, which model, with which key.</summary>
public sealed record ProviderEndpoint(ProviderDescriptor Descriptor, Uri BaseUrl, string Model, ApiKey Key)
{
    public string Id => Descriptor.Id;

    /// <summary>A URL under the base URL; the base URL's path is kept (<c>…/openai/v1</c> + <c>chat/completions</c>).</summary>
    public Uri Resolve(string relative)
    {
        string root = BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl.AbsoluteUri : BaseUrl.AbsoluteUri + "/";
        return new Uri(new Uri(root), relative);
    }
}
