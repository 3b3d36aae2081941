using SpeedKings.Bench.Loopback;

namespace SpeedKings.Bench.Harness;

/// <summary>
/// A real OpenAI-format stream, recorded once from the loopback reference over a socket: 1,000 text chunks of 4
/// tokens, role chunk, finish chunk, usage trailer and [DONE] — the bytes every parser benchmark consumes.
/// </summary>
internal static class RecordedChunks
{
    public const int TextChunks = 1_000;

    public static async Task<byte[]> RecordAsync()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackOptions
        {
            Schedule = EmissionSchedule.Parse("ttft=0ms;tps=1000000;chunk=4"),
        });
        using var http = new HttpClient();
        using var content = new StringContent(
            $$"""{"model":"reference","messages":[{"role":"user","content":"Explain binary search trees."}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":{{TextChunks * 4}}}""",
            System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.PostAsync(new Uri(server.OpenAiBaseAddress, "chat/completions"), content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// The same stream as OpenAI's own API sends it: every chunk with choices ends with an <c>obfuscation</c> member of
    /// random length (padding against size side channels), so no two chunks share the bytes after their text.
    /// </summary>
    public static byte[] WithObfuscation(byte[] stream)
    {
        var random = new Random(20261207);
        var output = new System.Text.StringBuilder();
        foreach (string line in System.Text.Encoding.UTF8.GetString(stream).Split('\n'))
        {
            output.Append(line.StartsWith("data: {", StringComparison.Ordinal) && line.Contains("\"choices\":[{", StringComparison.Ordinal)
                ? $"{line[..^1]},\"obfuscation\":\"{new string('x', random.Next(1, 17))}\"}}"
                : line);
            output.Append('\n');
        }

        return System.Text.Encoding.UTF8.GetBytes(output.ToString(0, output.Length - 1));
    }
}
