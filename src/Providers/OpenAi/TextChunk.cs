using System.Text.Json;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.OpenAi;

/// <summary>
/// The chunk that makes up almost all of an OpenAI-format stream — one choice whose delta carries a piece of text —
/// read in one pass over its bytes instead of token by token. Tokenizing every property of every chunk (id, object,
/// created, model, …) cost about twice what the text itself costs, and none of those values is used.
/// <para>
/// It accepts only what it can prove is valid JSON of that shape: strings are checked for raw control characters and
/// well-formed escapes, numbers against JSON's grammar, literals byte for byte. Anything else — a nested value it does
/// not know, a finish reason, usage, an error, two choices, a repeated key — makes <see cref="TryRead"/> return false
/// before anything is reported, and the frame is read in full by <see cref="Utf8JsonReader"/>. Its UTF-8 is checked
/// as the full reader checks it: when the text is copied.
/// </para>
/// </summary>
internal ref struct TextChunk
{
    private ReadOnlySpan<byte> _bytes;
    private int _at;

    /// <summary>The text's JSON string literal, quotes included; empty when the chunk carries none.</summary>
    public ReadOnlySpan<byte> TextLiteral { get; private set; }

    /// <summary>Whether <see cref="TextLiteral"/> came from <c>reasoning</c>/<c>reasoning_content</c> rather than <c>content</c>.</summary>
    public bool IsReasoning { get; private set; }

    /// <summary>
    /// Bytes from the frame's start up to and including <c>"choices":</c> that this read validated itself; 0 when the
    /// frame resumed after a known opening or has no choices. What <see cref="OpenAiStreamState"/> remembers.
    /// </summary>
    public int ReadOpening { get; private set; }

    /// <summary>Where <see cref="TextLiteral"/> begins in the frame (its opening quote).</summary>
    public int TextAt { get; private set; }

    private TextChunk(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _at = 0;
        TextLiteral = default;
        IsReasoning = false;
        ReadOpening = 0;
        TextAt = 0;
    }

    public static bool TryRead(ReadOnlySpan<byte> frame, out TextChunk chunk) => TryRead(frame, default, out chunk);

    /// <param name="knownOpening">
    /// A validated opening of an earlier chunk of the stream (<see cref="ReadOpening"/>): a frame that begins with
    /// exactly these bytes is read from the choices on. The opening is the object's start and members up to a name and
    /// its colon, so whatever follows is read in the same state either way.
    /// </param>
    public static bool TryRead(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> knownOpening, out TextChunk chunk)
    {
        chunk = new TextChunk(frame);
        if (knownOpening.IsEmpty || !frame.StartsWith(knownOpening))
            return chunk.ReadTopLevel();
        chunk._at = knownOpening.Length;
        return chunk.Choices() && (chunk.Take((byte)'}') || (chunk.Take((byte)',') && chunk.Members(seenChoices: true)));
    }

    /// <summary>
    /// A frame that is an earlier accepted chunk with only its text literal changed: the bytes before the literal are
    /// exactly <paramref name="before"/> and those after it exactly <paramref name="after"/>, and between them is one
    /// JSON string and nothing else. The earlier read validated both sides, and what follows a string is read in the
    /// same state whatever the string held, so only the new string needs reading.
    /// </summary>
    public static bool TryReadAround(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, bool isReasoning, out TextChunk chunk)
    {
        chunk = new TextChunk(frame);
        if (before.IsEmpty || frame.Length < before.Length + after.Length + 2 || !frame.StartsWith(before) || !frame.EndsWith(after))
            return false;
        chunk._at = before.Length;
        // The string must end exactly where the known bytes resume: "a","content":"b" between them is two members.
        if (!chunk.String(out ReadOnlySpan<byte> literal) || chunk._at != frame.Length - after.Length)
            return false;
        chunk.TextLiteral = literal;
        chunk.TextAt = chunk._at - literal.Length; // JSON allows whitespace before the string
        chunk.IsReasoning = isReasoning;
        return true;
    }

    /// <summary>Hands the text to the capture as the full reader would; the only failure left is text that is not Unicode.</summary>
    public readonly void Report(StreamCapture capture, InlineThinkTags tags)
    {
        if (TextLiteral.IsEmpty)
            return;
        // Most text has no escape: it is transcoded as it stands, without a reader over it.
        ReadOnlySpan<byte> inside = TextLiteral[1..^1];
        if (!inside.Contains((byte)'\\'))
        {
            if (!capture.TryAppendUtf8(inside, out ReadOnlySpan<char> plain))
                JsonFrame.ReportBadText(capture);
            else
                capture.CountText(IsReasoning ? TextKind.Reasoning : tags.Classify(plain), plain.Length);
            return;
        }

        var reader = new Utf8JsonReader(TextLiteral);
        reader.Read();
        try
        {
            if (IsReasoning)
            {
                capture.OnText(TextKind.Reasoning, ref reader);
            }
            else
            {
                ReadOnlySpan<char> text = capture.AppendText(ref reader);
                capture.CountText(tags.Classify(text), text.Length);
            }
        }
        catch (InvalidOperationException e) when (JsonFrame.IsBadText(e))
        {
            JsonFrame.ReportBadText(capture);
        }
    }

    private bool ReadTopLevel()
    {
        if (!Take((byte)'{'))
            return false;
        return Take((byte)'}') || Members(seenChoices: false);
    }

    /// <summary>The top-level members from a name on, and the closing brace.</summary>
    private bool Members(bool seenChoices)
    {
        do
        {
            if (!Name(out ReadOnlySpan<byte> name) || !Take((byte)':'))
                return false;
            if (name.SequenceEqual("choices"u8))
            {
                if (seenChoices)
                    return false;
                if (ReadOpening == 0)
                    ReadOpening = _at;
                if (!Choices())
                    return false;
                seenChoices = true;
            }
            else if (name.SequenceEqual("usage"u8) || name.SequenceEqual("error"u8) || name.SequenceEqual("x_groq"u8)
                     || name.SequenceEqual("time_info"u8) || name.SequenceEqual("timings"u8))
            {
                // Read by the full reader unless absent: null is the only value that says nothing.
                if (!Keyword("null"u8))
                    return false;
            }
            else if (!Primitive())
            {
                return false;
            }
        }
        while (Take((byte)','));

        return Take((byte)'}');
    }

    private bool Choices()
    {
        if (!Take((byte)'['))
            return false;
        if (Take((byte)']'))
            return true;
        if (!Take((byte)'{'))
            return false;
        bool seenDelta = false;
        if (!Take((byte)'}'))
        {
            do
            {
                if (!Name(out ReadOnlySpan<byte> name) || !Take((byte)':'))
                    return false;
                if (name.SequenceEqual("delta"u8) || name.SequenceEqual("message"u8))
                {
                    if (seenDelta || !Delta())
                        return false;
                    seenDelta = true;
                }
                else if (name.SequenceEqual("finish_reason"u8) || name.SequenceEqual("logprobs"u8))
                {
                    if (!Keyword("null"u8))
                        return false;
                }
                else if (!Primitive())
                {
                    return false;
                }
            }
            while (Take((byte)','));

            if (!Take((byte)'}'))
                return false;
        }

        // A second choice is read in full.
        return Take((byte)']');
    }

    private bool Delta()
    {
        if (Keyword("null"u8))
            return true;
        if (!Take((byte)'{'))
            return false;
        if (Take((byte)'}'))
            return true;
        do
        {
            if (!Name(out ReadOnlySpan<byte> name) || !Take((byte)':'))
                return false;
            bool reasoning = name.SequenceEqual("reasoning"u8) || name.SequenceEqual("reasoning_content"u8);
            if (reasoning || name.SequenceEqual("content"u8))
            {
                if (Keyword("null"u8))
                    continue;
                if (!TextLiteral.IsEmpty || !String(out ReadOnlySpan<byte> literal))
                    return false; // two texts in one delta are read in full, in document order
                TextLiteral = literal;
                TextAt = _at - literal.Length;
                IsReasoning = reasoning;
            }
            else if (!Primitive())
            {
                return false;
            }
        }
        while (Take((byte)','));

        return Take((byte)'}');
    }

    /// <summary>A property name without escapes, which every name this reader looks for is.</summary>
    private bool Name(out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!String(out ReadOnlySpan<byte> literal, out bool escaped) || escaped)
            return false;
        name = literal[1..^1];
        return true;
    }

    /// <summary>A string, number, true, false or null, skipped; false for anything else (objects and arrays included).</summary>
    private bool Primitive()
    {
        SkipWhitespace();
        if (_at >= _bytes.Length)
            return false;
        return _bytes[_at] switch
        {
            (byte)'"' => String(out _),
            (byte)'t' => Keyword("true"u8),
            (byte)'f' => Keyword("false"u8),
            (byte)'n' => Keyword("null"u8),
            _ => Number(),
        };
    }

    /// <summary>
    /// A JSON string, quotes included, with no raw control character (JSON forbids U+0000–U+001F unescaped) and only
    /// well-formed escapes. One scalar pass: the strings of a chunk are short, where a vectorized search costs more
    /// to start than it saves.
    /// </summary>
    private bool String(out ReadOnlySpan<byte> literal) => String(out literal, out _);

    private bool String(out ReadOnlySpan<byte> literal, out bool escaped)
    {
        literal = default;
        escaped = false;
        if (!Take((byte)'"'))
            return false;
        int start = _at - 1;
        ReadOnlySpan<byte> bytes = _bytes;
        int at = _at;
        while (true)
        {
            if ((uint)at >= (uint)bytes.Length)
                return false;
            byte b = bytes[at];
            if (b == (byte)'"')
                break;
            if (b < 0x20)
                return false;
            if (b == (byte)'\\')
            {
                escaped = true;
                _at = at;
                if (!Escape())
                    return false;
                at = _at;
            }
            else
            {
                at++;
            }
        }

        _at = at + 1;
        literal = bytes[start.._at];
        return true;
    }

    /// <summary>At a backslash: one of \" \\ \/ \b \f \n \r \t, or \u and four hex digits.</summary>
    private bool Escape()
    {
        if (_at + 1 >= _bytes.Length)
            return false;
        byte kind = _bytes[_at + 1];
        if (kind == (byte)'u')
        {
            if (_at + 6 > _bytes.Length || !IsHex(_bytes[(_at + 2)..(_at + 6)]))
                return false;
            _at += 6;
            return true;
        }

        _at += 2;
        return kind is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t';
    }

    private static bool IsHex(ReadOnlySpan<byte> digits)
    {
        foreach (byte b in digits)
        {
            if (!char.IsAsciiHexDigit((char)b))
                return false;
        }

        return true;
    }

    /// <summary>JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    private bool Number()
    {
        int at = _at;
        if (at < _bytes.Length && _bytes[at] == (byte)'-')
            at++;
        if (at >= _bytes.Length || !char.IsAsciiDigit((char)_bytes[at]))
            return false;
        if (_bytes[at] == (byte)'0')
            at++;
        else
            at = Digits(at);
        if (at < _bytes.Length && _bytes[at] == (byte)'.')
        {
            int fraction = Digits(at + 1);
            if (fraction == at + 1)
                return false;
            at = fraction;
        }

        if (at < _bytes.Length && (_bytes[at] | 0x20) == (byte)'e')
        {
            at++;
            if (at < _bytes.Length && _bytes[at] is (byte)'+' or (byte)'-')
                at++;
            int exponent = Digits(at);
            if (exponent == at)
                return false;
            at = exponent;
        }

        _at = at;
        // A number runs to a delimiter: "12abc" is not one.
        return at >= _bytes.Length || _bytes[at] is (byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
    }

    private readonly int Digits(int at)
    {
        while (at < _bytes.Length && char.IsAsciiDigit((char)_bytes[at]))
            at++;
        return at;
    }

    /// <summary>Exactly these bytes, after optional whitespace, and nothing that would continue a word.</summary>
    private bool Keyword(ReadOnlySpan<byte> word)
    {
        SkipWhitespace();
        if (!_bytes[_at..].StartsWith(word))
            return false;
        int end = _at + word.Length;
        if (end < _bytes.Length && char.IsAsciiLetterOrDigit((char)_bytes[end]))
            return false;
        _at = end;
        return true;
    }

    /// <summary>Consumes <paramref name="b"/> after optional whitespace.</summary>
    private bool Take(byte b)
    {
        SkipWhitespace();
        if (_at >= _bytes.Length || _bytes[_at] != b)
            return false;
        _at++;
        return true;
    }

    private void SkipWhitespace()
    {
        while (_at < _bytes.Length && _bytes[_at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            _at++;
    }
}
