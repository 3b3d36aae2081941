using System.Diagnostics;
using System.Text.Json;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// What a loopback server in another process says it did for one request, read from
/// <c>GET /_loopback/ground-truth/{id}</c>: when each text chunk was written and what it held.
/// </summary>
/// <param name="ChunkWrites">Raw timestamps on the machine-wide monotonic clock, converted to this process's frequency.</param>
internal sealed record ServerGroundTruth(string RequestId, bool Completed, int OutputTokens, long[] ChunkWrites, int[] ChunkTokens, int TextChars)
{
    /// <summary>Output speed by the suite's definition, from the server's own write times: (N − n_first) / (w_last − w_first).</summary>
    public double? OutputTokensPerSecond => ChunkWrites.Length < 2
        ? null
        : (OutputTokens - ChunkTokens[0]) / Stopwatch.GetElapsedTime(ChunkWrites[0], ChunkWrites[^1]).TotalSeconds;

    /// <summary>Reads one request's ground truth; null when the server has none (unknown id, evicted).</summary>
    public static async Task<ServerGroundTruth?> FetchAsync(HttpClient http, Uri server, string requestId, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri(server, $"_loopback/ground-truth/{Uri.EscapeDataString(requestId)}"), cancellationToken);
        if (!response.IsSuccessStatusCode)
            return null;
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        return Read(document.RootElement);
    }

    public static ServerGroundTruth Read(JsonElement root)
    {
        long frequency = root.GetProperty("stopwatchFrequency").GetInt64();
        JsonElement chunks = root.GetProperty("textChunks");
        var writes = new long[chunks.GetArrayLength()];
        var tokens = new int[writes.Length];
        int chars = 0, i = 0;
        foreach (JsonElement chunk in chunks.EnumerateArray())
        {
            // Both processes use the same clock; only a different tick unit would need converting.
            long raw = chunk.GetProperty("timestamp").GetInt64();
            writes[i] = frequency == Stopwatch.Frequency ? raw : (long)(raw * (double)Stopwatch.Frequency / frequency);
            tokens[i++] = chunk.GetProperty("tokens").GetInt32();
            chars += chunk.GetProperty("textChars").GetInt32();
        }

        return new ServerGroundTruth(
            root.GetProperty("requestId").GetString()!,
            root.GetProperty("completed").GetBoolean(),
            root.GetProperty("outputTokens").GetInt32(),
            writes,
            tokens,
            chars);
    }
}
