using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.OpenAi;

/// <summary>
/// Some reasoning models served as plain chat (DeepSeek-R1 on Together or SambaNova) write their reasoning into the
/// answer between <c>&lt;think&gt;</c> and <c>&lt;/think&gt;</c>. An answer that opens with the tag is reasoning until the
/// closing tag, so TTFAT waits for the first text after it; the text itself is kept as sent. A tag split across two
/// events is not recognised.
/// </summary>
internal sealed class InlineThinkTags : IStreamState
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    private Phase _phase;

    private enum Phase
    {
        Undecided,
        Inside,
        Closed,
        None,
    }

    public void Reset() => _phase = Phase.Undecided;

    /// <summary>The kind of one event's answer text, given what came before it in the response.</summary>
    public TextKind Classify(ReadOnlySpan<char> text)
    {
        if (_phase is Phase.None or Phase.Closed || text.IsEmpty)
            return TextKind.Answer;
        if (_phase == Phase.Undecided)
        {
            if (!text.TrimStart().StartsWith(Open, StringComparison.Ordinal))
            {
                _phase = Phase.None;
                return TextKind.Answer;
            }

            _phase = Phase.Inside;
        }

        int close = text.IndexOf(Close, StringComparison.Ordinal);
        if (close < 0)
            return TextKind.Reasoning;
        _phase = Phase.Closed;
        return text[(close + Close.Length)..].IsWhiteSpace() ? TextKind.Reasoning : TextKind.Answer;
    }
}
