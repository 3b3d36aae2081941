using System.Text.Encodings.Web;
using System.Text.Json;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>
/// JSON writer settings for everything the server sends. The default encoder escapes HTML-sensitive characters and all
/// non-ASCII (<c>'</c> becomes <c>\u0027</c>); providers send them literally, so the relaxed encoder is closer to the wire.
/// The bodies are never embedded in HTML, which is the only context the relaxed encoder is unsafe in.
/// </summary>
internal static class WireJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonEncodedText Encode(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
}
