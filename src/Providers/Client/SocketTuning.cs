namespace SpeedKings.Bench.Providers.Client;

/// <summary>
/// Process-wide socket settings for a measuring client. By default .NET hands every completed socket read to the
/// thread pool, so a chunk's arrival is timestamped only after a pool thread picks the continuation up: on a busy
/// 2-core machine that hop added up to 2.5 ms at p99 to the time to first token (calibration, 1 stream). Inline
/// completions run the continuation on the socket engine's own thread, where the timestamp is taken at once.
/// </summary>
internal static class SocketTuning
{
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns inline completions on for this process, unless the user chose otherwise. Read once, when the first socket
    /// operation starts the engine: call before any network use.
    /// </summary>
    public static void UseInlineCompletions()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(InlineCompletionsVariable)))
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
    }
}
