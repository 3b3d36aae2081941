using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.OpenAi;

/// <summary>
/// What an OpenAI-format response remembers from frame to frame: whether it is inside inline think tags, and what its
/// chunks were found to repeat. Id, object, created and model repeat unchanged in every chunk of a stream, and so,
/// nearly always, does everything around the text: once a chunk was read in one pass and found valid, a chunk with
/// the same bytes around a new text needs only that text read (<see cref="TextChunk.TryReadAround"/>), and one that
/// begins with the same bytes up to <c>"choices":</c> resumes there (<see cref="Opening"/>).
/// </summary>
internal sealed class OpenAiStreamState : IStreamState
{
    /// <summary>Openings longer than this are read every time: a provider with a kilobyte of metadata is not the common case.</summary>
    public const int LongestOpening = 256;

    /// <summary>The most bytes kept around a chunk's text, both sides together.</summary>
    public const int LongestSurround = 512;

    private readonly byte[] _opening = new byte[LongestOpening];
    private int _openingLength;
    private readonly byte[] _surround = new byte[LongestSurround];
    private int _beforeLength;
    private int _afterLength;

    public InlineThinkTags Tags { get; } = new();

    /// <summary>The validated opening of this stream's chunks; empty until a chunk was read in one pass.</summary>
    public ReadOnlySpan<byte> Opening => _opening.AsSpan(0, _openingLength);

    /// <summary>The bytes of the last accepted text chunk before its text literal; empty until there was one.</summary>
    public ReadOnlySpan<byte> BeforeText => _surround.AsSpan(0, _beforeLength);

    /// <summary>The bytes of that chunk after its text literal, to the frame's end.</summary>
    public ReadOnlySpan<byte> AfterText => _surround.AsSpan(_beforeLength, _afterLength);

    /// <summary>Whether that chunk's text was reasoning (<c>reasoning</c>/<c>reasoning_content</c>).</summary>
    public bool TextIsReasoning { get; private set; }

    /// <summary>Keeps <paramref name="opening"/>, the bytes of an accepted chunk up to and including <c>"choices":</c>.</summary>
    public void Remember(ReadOnlySpan<byte> opening)
    {
        if (opening.Length > LongestOpening)
            return;
        opening.CopyTo(_opening);
        _openingLength = opening.Length;
    }

    /// <summary>Keeps what surrounds the text of <paramref name="frame"/>, a chunk <paramref name="chunk"/> accepted in full.</summary>
    public void RememberSurround(ReadOnlySpan<byte> frame, in TextChunk chunk)
    {
        int after = chunk.TextAt + chunk.TextLiteral.Length;
        if (chunk.TextLiteral.IsEmpty || frame.Length - chunk.TextLiteral.Length > LongestSurround)
            return;
        frame[..chunk.TextAt].CopyTo(_surround);
        frame[after..].CopyTo(_surround.AsSpan(chunk.TextAt));
        _beforeLength = chunk.TextAt;
        _afterLength = frame.Length - after;
        TextIsReasoning = chunk.IsReasoning;
    }

    public void Reset()
    {
        Tags.Reset();
        _openingLength = 0;
        _beforeLength = _afterLength = 0;
        TextIsReasoning = false;
    }
}
