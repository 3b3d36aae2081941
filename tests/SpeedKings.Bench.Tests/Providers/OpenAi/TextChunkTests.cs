using System.Text;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.OpenAi;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Tests.Providers.OpenAi;

/// <summary>
/// The one-pass reader of plain text chunks must agree with the full JSON reader on every frame it accepts, and
/// leave every other frame to it. Checked on generated frames — valid and broken JSON, escapes, control characters,
/// bad UTF-8, bad numbers, nested values, repeated keys — against <see cref="OpenAiChatFormat.ReadInFull"/>.
/// </summary>
public class TextChunkTests
{
    [Theory]
    [InlineData("""{"id":"chatcmpl-lb-1","object":"chat.completion.chunk","created":1796564506,"model":"reference","choices":[{"index":0,"delta":{"content":" was time high small"},"finish_reason":null}]}""", " was time high small")]
    [InlineData("""{"id":"chatcmpl-B1","object":"chat.completion.chunk","created":1735,"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_0aa8","choices":[{"index":0,"delta":{"content":"caf\u00e9 \"ok\"\n"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"x1"}""", "café \"ok\"\n")]
    [InlineData("""{ "choices" : [ { "delta" : { "reasoning_content" : "hmm" } } ] }""", "hmm")]
    public void Text_chunks_as_providers_send_them_are_read_in_one_pass(string frame, string text)
    {
        Assert.True(TextChunk.TryRead(Encoding.UTF8.GetBytes(frame), out TextChunk chunk));
        using var capture = new StreamCapture();
        capture.Begin();
        chunk.Report(capture, new InlineThinkTags());
        Assert.Equal(text, capture.Text.Span.ToString());
    }

    [Theory]
    [InlineData("""{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""")]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":16}}""")]
    [InlineData("""{"choices":[{"delta":{"tool_calls":[{"index":0}]}}]}""")]
    [InlineData("""{"choices":[{"delta":{"content":"a"}},{"delta":{"content":"b"}}]}""")]
    [InlineData("""{"choices":[{"delta":{"content":"a","content":"b"}}]}""")]
    [InlineData("""{"error":{"message":"overloaded"}}""")]
    [InlineData("""{"choices":[{"delta":{"content":"a\x"}}]}""")]
    [InlineData("""{"created":01,"choices":[]}""")]
    public void Other_frames_are_left_to_the_full_reader(string frame)
        => Assert.False(TextChunk.TryRead(Encoding.UTF8.GetBytes(frame), out _));

    [Fact]
    public void Every_frame_reads_as_the_full_reader_reads_it()
    {
        var random = new Random(20261206);
        int accepted = 0, acceptedWithEscapes = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] frame = FrameGenerator.Next(random);
            (string Fast, bool Accepted) = Outcome(frame, fast: true);
            (string Full, _) = Outcome(frame, fast: false);
            Assert.True(Fast == Full, $"frame {Encoding.UTF8.GetString(frame)}: one pass gave {Fast}, the full reader {Full}");
            if (Accepted)
            {
                accepted++;
                if (frame.AsSpan().Contains((byte)'\\'))
                    acceptedWithEscapes++;
            }
        }

        // The comparison means something only if the one-pass reader took a good share, escapes included.
        Assert.True(accepted is > 2_000 and < 19_000, $"{accepted} of 20,000 frames accepted");
        Assert.True(acceptedWithEscapes > 200, $"{acceptedWithEscapes} accepted frames had escapes");
    }

    [Fact]
    public void Frames_that_share_a_streams_opening_read_from_their_choices_as_the_full_reader_reads_them_whole()
    {
        // Streams of 40 chunks whose opening (id, object, created, model) repeats, as providers send them; some chunks
        // open differently (a new model, a broken byte, a member before the choices) and must be read from the start.
        var random = new Random(20261207);
        int resumed = 0;
        for (int stream = 0; stream < 300; stream++)
        {
            using var fast = new StreamCapture();
            using var full = new StreamCapture();
            fast.Begin();
            full.Begin();
            string opening = FrameGenerator.Opening(random);
            for (int i = 0; i < 40; i++)
            {
                string head = random.Next(12) == 0 ? FrameGenerator.Opening(random) : opening;
                byte[] frame = FrameGenerator.Chunk(random, head);
                ReadOnlySpan<byte> known = fast.StateOf<OpenAiStreamState>().Opening;
                if (!known.IsEmpty && frame.AsSpan().StartsWith(known))
                    resumed++;
                string one = Feed(fast, frame, f => new OpenAiChatFormat().ReadFrame("", f, fast));
                string all = Feed(full, frame, f => OpenAiChatFormat.ReadInFull(f, full));
                // A failure stays the first one, and later chunks are still read by both, as a stream's reader reads them.
                Assert.True(one == all, $"stream {stream} chunk {i} {Encoding.UTF8.GetString(frame)}: resumed read gave {one}, the full reader {all}");
            }
        }

        Assert.True(resumed > 3_000, $"only {resumed} chunks resumed after a known opening");
    }

    [Fact]
    public void Frames_that_repeat_the_bytes_around_a_new_text_read_only_the_text_as_the_full_reader_reads_them_whole()
    {
        // Streams of 40 chunks that keep one shape around their text, as providers send them, with texts valid and
        // broken, and texts that are not one string at all ("a","content":"b"); some chunks change shape or break.
        var random = new Random(20261208);
        int around = 0;
        for (int stream = 0; stream < 300; stream++)
        {
            using var fast = new StreamCapture();
            using var full = new StreamCapture();
            fast.Begin();
            full.Begin();
            (string before, string after) = FrameGenerator.Surround(random, FrameGenerator.Opening(random));
            for (int i = 0; i < 40; i++)
            {
                if (random.Next(15) == 0)
                    (before, after) = FrameGenerator.Surround(random, FrameGenerator.Opening(random));
                byte[] frame = Encoding.UTF8.GetBytes(before + FrameGenerator.Text(random) + after);
                if (random.Next(20) == 0)
                    frame = FrameGenerator.Mutate(frame, random);
                OpenAiStreamState state = fast.StateOf<OpenAiStreamState>();
                if (TextChunk.TryReadAround(frame, state.BeforeText, state.AfterText, state.TextIsReasoning, out _))
                    around++;
                string one = Feed(fast, frame, f => new OpenAiChatFormat().ReadFrame("", f, fast));
                string all = Feed(full, frame, f => OpenAiChatFormat.ReadInFull(f, full));
                Assert.True(one == all, $"stream {stream} chunk {i} {Encoding.UTF8.GetString(frame)}: read around its text gave {one}, the full reader {all}");
            }
        }

        Assert.True(around > 3_000, $"only {around} chunks were read around their text");
    }

    private static string Feed(StreamCapture capture, byte[] frame, Func<byte[], FrameResult> read)
    {
        capture.BeginFrame();
        FrameResult result = read(frame);
        capture.EndFrame(arrival: 1);
        return $"{result}|{capture.Text.Span}|{capture.Timer.TextEvents}|{capture.Timer.GeneratedChars}|"
               + $"{capture.Timer.FirstAnswerToken}|{capture.FinishReason}|{capture.Failure}|{capture.FailureMessage}|{capture.Usage}";
    }

    private static (string Outcome, bool Accepted) Outcome(byte[] frame, bool fast)
    {
        using var capture = new StreamCapture();
        capture.Begin();
        capture.BeginFrame();
        bool accepted = fast && TextChunk.TryRead(frame, out _);
        FrameResult result = fast
            ? new OpenAiChatFormat().ReadFrame("", frame, capture)
            : OpenAiChatFormat.ReadInFull(frame, capture);
        capture.EndFrame(arrival: 1);
        string outcome = $"{result}|{capture.Text.Span}|{capture.Timer.TextEvents}|{capture.Timer.GeneratedChars}|"
                         + $"{capture.Timer.FirstAnswerToken}|{capture.FinishReason}|{capture.Failure}|{capture.FailureMessage}|{capture.Usage}";
        return (outcome, accepted);
    }

    /// <summary>OpenAI-style chunk frames, mostly well formed, with the faults a parser must not wave through.</summary>
    private static class FrameGenerator
    {
        private static readonly string[] Pieces =
        [
            "a", " the", "é", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00", "<think>", "</think>", "'", "{", "}",
            "[", ",", ":",
        ];

        private static readonly string[] BadPieces = ["\\x", "\\u12", "\u0001", "\t", "\\", "\\u00G0"];

        private static readonly string[] Numbers = ["0", "-1", "1735", "1.5", "2e10", "-0.25E-3", "01", "1.", ".5", "-", "1e", "+1", "1x"];

        /// <summary>A chunk's opening up to its choices: <c>{"id":…,"object":…,"created":…,"model":…,"choices":</c>, with the generator's faults.</summary>
        public static string Opening(Random random)
        {
            var json = new StringBuilder("{");
            foreach (string key in new[] { "id", "object", "created", "model" })
            {
                json.Append('"').Append(key).Append("\":");
                Space(json, random);
                json.Append(key == "created" ? (random.Next(10) == 0 ? Numbers[random.Next(Numbers.Length)] : "1735689600") : random.Next(10) == 0 ? Literal(random) : String(random));
                json.Append(',');
            }

            if (random.Next(8) == 0)
                json.Append("\"usage\":null,");
            return json.Append("\"choices\":").ToString();
        }

        /// <summary>One chunk of a stream: its opening, its choices, sometimes a member after them, sometimes a broken byte.</summary>
        public static byte[] Chunk(Random random, string opening)
        {
            string tail = random.Next(6) switch { 0 => ",\"usage\":null}", 1 => ",\"system_fingerprint\":\"fp\"}", 2 => ",\"choices\":[]}", _ => "}" };
            byte[] bytes = Encoding.UTF8.GetBytes(opening + Choices(random) + tail);
            return random.Next(10) == 0 ? Mutate(bytes, random) : bytes;
        }

        public static byte[] Next(Random random)
        {
            var json = new StringBuilder();
            json.Append('{');
            var keys = new List<string> { "id", "object", "created", "model", "choices" };
            foreach (string extra in new[] { "system_fingerprint", "usage", "obfuscation", "service_tier", "x_groq", "error", "choices" })
            {
                if (random.Next(6) == 0)
                    keys.Insert(random.Next(keys.Count + 1), extra);
            }

            for (int k = 0; k < keys.Count; k++)
            {
                if (k > 0)
                    json.Append(',');
                Space(json, random);
                json.Append('"').Append(keys[k]).Append('"');
                Space(json, random);
                json.Append(':');
                Space(json, random);
                json.Append(keys[k] switch
                {
                    "created" => random.Next(4) == 0 ? Numbers[random.Next(Numbers.Length)] : "1735689600",
                    "choices" => Choices(random),
                    "usage" or "x_groq" or "error" => random.Next(3) switch
                    {
                        0 => "null",
                        1 => """{"prompt_tokens":3,"completion_tokens":4}""",
                        _ => String(random),
                    },
                    _ => random.Next(8) == 0 ? Literal(random) : String(random),
                });
                Space(json, random);
            }

            json.Append('}');
            byte[] bytes = Encoding.UTF8.GetBytes(json.ToString());
            return random.Next(6) == 0 ? Mutate(bytes, random) : bytes;
        }

        private static string Choices(Random random)
        {
            if (random.Next(10) == 0)
                return "[]";
            var choice = new StringBuilder("{\"index\":0,");
            choice.Append("\"delta\":").Append(Delta(random));
            choice.Append(random.Next(8) switch
            {
                0 => ",\"finish_reason\":\"stop\"",
                1 => ",\"logprobs\":{\"content\":[]}",
                2 => ",\"logprobs\":null",
                _ => ",\"finish_reason\":null",
            });
            choice.Append('}');
            return random.Next(12) == 0 ? $"[{choice},{choice}]" : $"[{choice}]";
        }

        /// <summary>
        /// The bytes of one chunk shape before and after its text: an opening, one choice whose delta carries the text
        /// under one of its keys (after a role or before a refusal, sometimes), and what may follow the choices.
        /// </summary>
        public static (string Before, string After) Surround(Random random, string opening)
        {
            string textKey = random.Next(5) switch { 0 => "reasoning_content", 1 => "reasoning", _ => "content" };
            string role = random.Next(4) == 0 ? "\"role\":\"assistant\"," : "";
            string refusal = random.Next(8) == 0 ? ",\"refusal\":null" : "";
            string finish = random.Next(6) == 0 ? ",\"logprobs\":null" : ",\"finish_reason\":null";
            string tail = random.Next(6) switch { 0 => ",\"usage\":null}", 1 => ",\"system_fingerprint\":\"fp\"}", _ => "}" };
            var before = new StringBuilder(opening).Append("[{\"index\":0,\"delta\":{").Append(role).Append('"').Append(textKey).Append("\":");
            Space(before, random);
            return (before.ToString(), refusal + "}" + finish + "}]" + tail);
        }

        /// <summary>What goes where a chunk's text goes: nearly always a string, valid or broken, sometimes something that is not one string.</summary>
        public static string Text(Random random) => random.Next(16) switch
        {
            0 => "null",
            1 => "\"a\",\"content\":\"b\"",
            2 => "\"a\"}",
            3 => "\"a\\\"",
            4 => "\"unterminated",
            5 => "17",
            _ => String(random),
        };

        private static string Delta(Random random)
        {
            if (random.Next(15) == 0)
                return "null";
            var fields = new List<string>();
            if (random.Next(4) == 0)
                fields.Add("\"role\":\"assistant\"");
            string textKey = random.Next(5) switch { 0 => "reasoning_content", 1 => "reasoning", _ => "content" };
            fields.Add($"\"{textKey}\":" + (random.Next(8) == 0 ? "null" : String(random)));
            if (random.Next(10) == 0)
                fields.Add("\"content\":" + String(random));
            if (random.Next(12) == 0)
                fields.Add("\"tool_calls\":[{\"index\":0}]");
            if (random.Next(12) == 0)
                fields.Add("\"refusal\":null");
            return "{" + string.Join(",", fields.OrderBy(_ => random.Next())) + "}";
        }

        private static string String(Random random)
        {
            var text = new StringBuilder("\"");
            int pieces = random.Next(0, 6);
            for (int p = 0; p < pieces; p++)
                text.Append(random.Next(25) == 0 ? BadPieces[random.Next(BadPieces.Length)] : Pieces[random.Next(Pieces.Length)]);
            return text.Append('"').ToString();
        }

        private static string Literal(Random random) => random.Next(6) switch
        {
            0 => "true",
            1 => "false",
            2 => "null",
            3 => "nul",
            4 => "trueish",
            _ => Numbers[random.Next(Numbers.Length)],
        };

        private static void Space(StringBuilder json, Random random)
        {
            if (random.Next(8) == 0)
                json.Append(" \t\r\n"[random.Next(4)]);
        }

        /// <summary>One byte replaced (sometimes by one that is not UTF-8), removed, or the frame cut short.</summary>
        public static byte[] Mutate(byte[] bytes, Random random)
        {
            int at = random.Next(bytes.Length);
            switch (random.Next(3))
            {
                case 0:
                    byte[] replaced = (byte[])bytes.Clone();
                    replaced[at] = random.Next(3) == 0 ? (byte)0xFF : (byte)"\"\\{}[],:0an"[random.Next(11)];
                    return replaced;
                case 1:
                    return [.. bytes[..at], .. bytes[(at + 1)..]];
                default:
                    return bytes[..Math.Max(at, 1)];
            }
        }
    }
}
