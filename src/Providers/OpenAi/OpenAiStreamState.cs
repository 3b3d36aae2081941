using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.OpenAi;

/// <summary>
/// What an OpenAI-format response remembers from frame to frame: whether it is inside inline think tags, and the
/// bytes its chunks begin with up to <c>"choices":</c> — id, object, created and model repeat unchanged in every chunk
/// of a stream, so once one chunk's opening was read and found valid, a chunk that begins with the same bytes resumes
/// there instead of reading them again.
/// </summary>
internal sealed class OpenAiStreamState : IStreamState
{
    /// <summary>Openings longer than this are read every time: a provider with a kilobyte of metadata is not the common case.</summary>
    public const int LongestOpening = 256;

    private readonly byte[] _opening = new byte[LongestOpening];
    private int _openingLength;

    public InlineThinkTags Tags { get; } = new();

    /// <summary>The validated opening of this stream's chunks; empty until a chunk was read in one pass.</summary>
    public ReadOnlySpan<byte> Opening => _opening.AsSpan(0, _openingLength);

    /// <summary>Keeps <paramref name="opening"/>, the bytes of an accepted chunk up to and including <c>"choices":</c>.</summary>
    public void Remember(ReadOnlySpan<byte> opening)
    {
        if (opening.Length > LongestOpening)
            return;
        opening.CopyTo(_opening);
        _openingLength = opening.Length;
    }

    public void Reset()
    {
        Tags.Reset();
        _openingLength = 0;
    }
}
