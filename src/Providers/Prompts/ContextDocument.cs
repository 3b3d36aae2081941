using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SpeedKings.Bench.Providers.Tokens;

namespace SpeedKings.Bench.Providers.Prompts;

/// <summary>
/// The long context of a context-class prompt (<c>Ctx1k</c>, <c>Ctx10k</c>, <c>Ctx100k</c>): a lighthouse logbook
/// written by this suite, sentence by sentence from its own templates with a fixed seed, so the same size is the same
/// text on every machine and owes nothing to anyone's copyright. It is exactly the asked number of o200k_base tokens,
/// and hides one fact (an archive code) at two thirds of its depth that the prompt's question asks for, so a model has
/// to read it to answer. Built once per size and process.
/// </summary>
internal static class ContextDocument
{
    private static readonly ConcurrentDictionary<int, Lazy<string>> Built = new();

    private static readonly string[] Templates =
    [
        "On day {day} the keeper logged {count} ships passing the {reef} reef, the wind steady from the {direction}.",
        "The lamp was trimmed at {hour} o'clock and burned {count} hours without a flicker.",
        "A {boat} from {harbour} anchored in the lee of the island and sent ashore {count} crates of {cargo}.",
        "Fog came in from the {direction} before {hour} o'clock; the horn was sounded {count} times until it lifted.",
        "The keeper's assistant repainted {count} steps of the tower and found the {part} in need of new brass.",
        "Rain fell for {count} hours; the cistern rose by {inches} inches and the garden by the {part} was flooded.",
        "A letter from {harbour} asked for the tide tables of the {reef} reef, and {count} pages were copied out by hand.",
        "Seals were counted on the {reef} rocks at low water: {count} adults and a few pups.",
        "The supply {boat} was late by {count} days, so the keeper rationed the {cargo} and the lamp oil.",
        "At dusk the barometer stood at {pressure} and fell through the night; the shutters on the {part} were closed.",
        "Two fishermen from {harbour} were given shelter for {count} nights while the sea off the {reef} reef ran high.",
        "The logbook notes that the clockwork of the lens was wound {count} times and oiled at {hour} o'clock.",
    ];

    private static readonly string[] EndWords = [" The", " watch", " ended", " quiet", " and", " calm"];

    private static readonly Dictionary<string, string[]> Fillers = new(StringComparer.Ordinal)
    {
        ["reef"] = ["northern", "eastern", "Gannet", "Black Sow", "Long Ledge", "Widow's"],
        ["direction"] = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"],
        ["boat"] = ["schooner", "brig", "steam tender", "pilot cutter", "whaleboat", "coal barge"],
        ["harbour"] = ["Port Aven", "Kelmouth", "Saint Brae", "Harrow Bay", "Dunmere", "the mainland"],
        ["cargo"] = ["lamp oil", "flour", "coal", "rope", "salted fish", "candles", "timber"],
        ["part"] = ["gallery rail", "lantern room", "oil store", "boat slip", "south window", "cottage door"],
    };

    /// <summary>
    /// A context prompt's user message: a marker unique to this request at the very start (so no provider's prefix
    /// cache can serve any of it), the document, then the prompt's question.
    /// </summary>
    public static string Message(int tokens, string question) => $"{Marker()}\n\n{Of(tokens)}\n\n{question}";

    /// <summary>
    /// A shared-prefix context prompt's user message: the document first, the same for every request, so a provider's
    /// prefix cache can serve it; then this request's own marker and the question, so no two requests are identical.
    /// </summary>
    public static string SharedPrefixMessage(int tokens, string question) => $"{Of(tokens)}\n\n{Marker()}\n\n{question}";

    /// <summary>
    /// A traffic-shape request's user message of about <paramref name="tokens"/> o200k_base tokens: this request's own
    /// marker, the start of the logbook cut at a word, and an instruction to go on writing — so its output runs as long
    /// as it is allowed to.
    /// </summary>
    public static string ShapedMessage(int tokens)
    {
        int frame = ShapeFrameTokens.Value;
        string source = Of(Math.Max(64, ShapeSourceTokens(tokens)));
        int cut = (int)Math.Min(source.Length, (long)source.Length * Math.Max(1, tokens - frame) / Math.Max(64, ShapeSourceTokens(tokens)));
        int space = source.LastIndexOf(' ', Math.Max(0, cut - 1));
        return $"{Marker()}\n\n{source[..(space > 0 ? space : cut)]}\n\n{ShapeInstruction}";
    }

    // The marker and the instruction around a shape's text, counted once (a random marker's count varies by a token or two).
    private static readonly Lazy<int> ShapeFrameTokens = new(() => TokenCounter.Default.Count($"{Marker()}\n\n\n\n{ShapeInstruction}"));

    /// <summary>What a traffic-shape request asks for after its text.</summary>
    public const string ShapeInstruction = "Continue this logbook in the same style, entry after entry, for as long as you are allowed.";

    // One source document per power of two of the length, so a distribution of lengths builds a handful, not one each.
    private static int ShapeSourceTokens(int tokens) => (int)Math.Min(int.MaxValue, 1L << (int)Math.Ceiling(Math.Log2(Math.Max(tokens, 64))));

    /// <summary>Characters of a <see cref="SharedPrefixMessage"/> every request shares: the document and its separator.</summary>
    public static int SharedPrefixLength(int tokens) => Of(tokens).Length + 2;

    /// <summary>Input tokens of a <see cref="Message"/>: the document's exact count plus marker and question, counted.</summary>
    public static int MessageTokens(int tokens, string question)
        => TokenCounter.Default.Count(Marker() + "\n\n") + tokens + TokenCounter.Default.Count("\n\n" + question);

    // The random part first: the prompt differs from its first tokens on.
    private static string Marker() => $"{Guid.NewGuid():N} is this request's own marker.";

    /// <summary>The archive code hidden in a document of <paramref name="tokens"/> tokens.</summary>
    public static string CodeFor(int tokens) => string.Create(CultureInfo.InvariantCulture, $"LH-{(tokens * 7919 % 90000) + 10000}");

    /// <summary>The document of exactly <paramref name="tokens"/> o200k_base tokens.</summary>
    public static string Of(int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 64);
        return Built.GetOrAdd(tokens, n => new Lazy<string>(() => Build(n))).Value;
    }

    /// <summary>
    /// Sentences are joined with single spaces, where o200k_base never lets a token cross, so the document's count is
    /// the sum of its sentences' counts; the last few tokens are single filler words, to land on the size exactly.
    /// </summary>
    private static string Build(int tokens)
    {
        var random = new Random(tokens);
        var text = new StringBuilder(tokens * 5);
        int count = 0, day = 1;
        string fact = $"The archive code of this logbook is {CodeFor(tokens)}.";
        int factAt = tokens * 2 / 3;
        bool factWritten = false;
        while (true)
        {
            string sentence = !factWritten && count >= factAt ? fact : Sentence(random, day++);
            string piece = text.Length == 0 ? sentence : " " + sentence;
            int pieceTokens = TokenCounter.Default.Count(piece);
            if (count + pieceTokens > tokens)
                break;
            text.Append(piece);
            count += pieceTokens;
            factWritten |= ReferenceEquals(sentence, fact);
        }

        // The last few tokens one word at a time (each of these is one o200k_base token).
        for (int i = 0; count < tokens; i++)
        {
            string word = EndWords[i % EndWords.Length];
            text.Append(word);
            count += TokenCounter.Default.Count(word);
        }

        return text.ToString();
    }

    private static string Sentence(Random random, int day)
    {
        string template = Templates[random.Next(Templates.Length)];
        var sentence = new StringBuilder(template.Length + 32);
        for (int i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                sentence.Append(template[i]);
                continue;
            }

            int end = template.IndexOf('}', i);
            string slot = template[(i + 1)..end];
            sentence.Append(slot switch
            {
                "day" => day.ToString(CultureInfo.InvariantCulture),
                "count" => random.Next(2, 60).ToString(CultureInfo.InvariantCulture),
                "hour" => random.Next(1, 13).ToString(CultureInfo.InvariantCulture),
                "inches" => random.Next(1, 9).ToString(CultureInfo.InvariantCulture),
                "pressure" => (28.5 + random.Next(0, 30) / 10.0).ToString("0.0", CultureInfo.InvariantCulture),
                _ => Fillers[slot][random.Next(Fillers[slot].Length)],
            });
            i = end;
        }

        return sentence.ToString();
    }
}
