using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Catalog;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// A response that is not a stream: its status gives the failure class, its body (at most 16 KB, read through the
/// format's own error reader) the provider's words — with the key removed, since providers echo parts of it.
/// </summary>
internal static class ErrorResponse
{
    private const int MaxBodyBytes = 16 * 1024;

    public static async Task CaptureAsync(HttpResponseMessage response, IWireFormat format, ProviderEndpoint endpoint, StreamCapture capture, CancellationToken cancellationToken)
    {
        FailureKind kind = FailureClassifier.FromStatus(response.StatusCode);
        string? providerMessage = null;
        try
        {
            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            byte[] buffer = new byte[MaxBodyBytes];
            int length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            providerMessage = format.ReadErrorMessage(buffer.AsSpan(0, length));
        }
        catch (IOException)
        {
            // The status already says what failed; a broken error body adds nothing.
        }

        string summary = FailureClassifier.Describe(kind, endpoint.Id, endpoint.Descriptor.PrimaryKeyVariable);
        string detail = providerMessage is null ? "" : $": {endpoint.Key.Redact(providerMessage)}";
        capture.OnFailure(kind, $"{summary} (HTTP {(int)response.StatusCode}){detail}");
    }
}
