using System.Text.Json;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// Small forward-only helpers over <see cref="Utf8JsonReader"/> shared by the wire formats. Each starts with the
/// reader on a property name and leaves it on the last token of that property's value.
/// </summary>
internal static class JsonReading
{
    /// <summary>Moves past the property's value, whatever its shape.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Moves onto the property's value; true when it is an object (otherwise the value is skipped).</summary>
    public static bool EnterObject(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject)
            return true;
        reader.Skip();
        return false;
    }

    /// <summary>Moves onto the property's value; true when it is an array (otherwise the value is skipped).</summary>
    public static bool EnterArray(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
            return true;
        reader.Skip();
        return false;
    }

    /// <summary>Inside an object: advances to its next property name; false at the object's end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    public static int? ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt32(out int value))
                return value;
            if (reader.TryGetDouble(out double number) && number is >= int.MinValue and <= int.MaxValue)
                return (int)number;
        }
        else
        {
            reader.Skip();
        }

        return null;
    }

    public static long? ReadLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value))
            return value;
        reader.Skip();
        return null;
    }

    public static double? ReadDouble(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value))
            return value;
        reader.Skip();
        return null;
    }

    public static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => SkipAndNull(ref reader),
        };
    }

    /// <summary>Reads a string value (allocates: only for rare fields such as finish reasons and error messages).</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString();
        reader.Skip();
        return null;
    }

    /// <summary>With the reader on an object's start: finds a string property, consuming the object.</summary>
    public static string? FindString(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        string? found = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(name))
                found = ReadString(ref reader);
            else
                SkipValue(ref reader);
        }

        return found;
    }

    /// <summary>Moves onto an object-valued property and reads one whole-number property of it; null when either is missing.</summary>
    public static int? ReadNestedInt(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!EnterObject(ref reader))
            return null;
        int? found = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(name))
                found = ReadInt(ref reader);
            else
                SkipValue(ref reader);
        }

        return found;
    }

    /// <summary>
    /// Moves onto the property's value and returns it as JSON text (a tool call's arguments sent as an object). It
    /// allocates: only for values that come once per response.
    /// </summary>
    public static string ReadRawText(ref Utf8JsonReader reader)
    {
        reader.Read();
        using var value = JsonDocument.ParseValue(ref reader);
        return value.RootElement.GetRawText();
    }

    /// <summary>The message of an error value: a string, or an object's <c>message</c>; null for a JSON null.</summary>
    public static string? ReadErrorValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString() ?? "error",
            JsonTokenType.StartObject => FindString(ref reader, "message"u8) ?? "error",
            _ => SkipAndDefault(ref reader),
        };
    }

    private static bool? SkipAndNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static string SkipAndDefault(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return "error";
    }
}
