using System.Text.Json;
using static SpeedKings.Bench.Providers.Streaming.JsonReading;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// A tool call's <c>function: {name, arguments}</c> as the OpenAI family, Cohere v2 and Ollama send it: arguments as a
/// fragment of JSON text (streamed) or as a whole object (Ollama). Read first, reported after, so a call's
/// <c>index</c> may come on either side of it in its object.
/// </summary>
internal ref struct ToolCallFunction
{
    private Utf8JsonReader _text;
    private bool _hasText;
    private string? _object;

    public string? Name { get; private set; }

    /// <summary>The reader is on the <c>function</c> property's name; leaves it at the end of its value.</summary>
    public void Read(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
            return;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
                Name = ReadString(ref reader);
            else if (!reader.ValueTextEquals("arguments"u8))
                SkipValue(ref reader);
            else
                ReadArguments(ref reader);
        }
    }

    /// <summary>Hands the call to the capture: its name (when this frame named it) and its arguments' text, if any.</summary>
    public void Report(StreamCapture capture, int index)
    {
        if (_hasText)
            capture.OnToolCall(index, Name, ref _text);
        else
            capture.OnToolCall(index, Name, _object ?? "");
    }

    private void ReadArguments(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                _text = reader;
                _hasText = true;
                break;
            case JsonTokenType.StartObject:
                using (var value = JsonDocument.ParseValue(ref reader))
                    _object = value.RootElement.GetRawText();
                break;
            default:
                reader.Skip();
                break;
        }
    }
}
