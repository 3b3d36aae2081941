using System.Buffers.Binary;
using System.Text.Json;

namespace SpeedKings.Bench.Loopback.Tasks;

/// <summary>
/// The loopback's count of an image's input tokens, from the pixel size in its PNG header: 85 plus 170 per 512-pixel
/// tile, the shape of OpenAI's high-detail rule without its resizing steps. A fixed, stated rule, so a test knows what
/// the server will report for each shipped image.
/// </summary>
internal static class ImageTokens
{
    public const int Base = 85;
    public const int PerTile = 170;
    public const int TilePixels = 512;

    public static int For(int width, int height)
        => Base + (PerTile * ((width + TilePixels - 1) / TilePixels) * ((height + TilePixels - 1) / TilePixels));

    /// <summary>Tokens of a base64 PNG (bare, or as a <c>data:</c> URL); 0 when it is not one.</summary>
    public static int OfBase64Png(string? data)
    {
        if (string.IsNullOrEmpty(data))
            return 0;
        int comma = data.StartsWith("data:", StringComparison.Ordinal) ? data.IndexOf(',', StringComparison.Ordinal) : -1;
        ReadOnlySpan<char> base64 = data.AsSpan(comma + 1);
        // The first 24 bytes hold the signature and IHDR's width and height: 32 base64 characters decode them.
        Span<byte> header = stackalloc byte[24];
        if (base64.Length < 32 || !Convert.TryFromBase64Chars(base64[..32], header, out int written) || written < 24)
            return 0;
        if (!header[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return 0;
        return For(BinaryPrimitives.ReadInt32BigEndian(header[16..20]), BinaryPrimitives.ReadInt32BigEndian(header[20..24]));
    }

    /// <summary>
    /// Images anywhere in a request's messages, each format's way: OpenAI <c>image_url.url</c>, Anthropic
    /// <c>source.data</c>, Gemini <c>inline_data.data</c> (or <c>inlineData</c>), Ollama <c>images[]</c>.
    /// </summary>
    public static (int Images, int Tokens) InMessages(JsonElement root)
    {
        int images = 0, tokens = 0;
        Walk(root, ref images, ref tokens, depth: 0);
        return (images, tokens);
    }

    private static void Walk(JsonElement element, ref int images, ref int tokens, int depth)
    {
        if (depth > 16)
            return;
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
                Walk(item, ref images, ref tokens, depth + 1);
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
            return;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string? image = property.Name switch
            {
                "image_url" when property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("url", out JsonElement url) => url.GetString(),
                "source" or "inline_data" or "inlineData" when property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("data", out JsonElement data) => data.GetString(),
                _ => null,
            };
            if (image is not null)
            {
                images++;
                tokens += OfBase64Png(image);
            }
            else if (property.Name == "images" && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement bare in property.Value.EnumerateArray())
                {
                    images++;
                    tokens += OfBase64Png(bare.GetString());
                }
            }
            else if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && property.Name is not ("tools" or "response_format" or "generationConfig" or "format"))
            {
                Walk(property.Value, ref images, ref tokens, depth + 1);
            }
        }
    }
}
