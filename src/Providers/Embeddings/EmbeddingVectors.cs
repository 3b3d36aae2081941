using System.Text.Json;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Providers.Contract;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Providers.Embeddings;

/// <summary>
/// Counts the vectors of an embedding response and their dimensions as the reader passes them, without keeping a
/// value: the benchmark checks how many came back and how long each is, never what they say.
/// </summary>
internal struct EmbeddingVectors
{
    private int _count;
    private int _dimensions;
    private bool _mixed;

    /// <summary>The reader is on a vector's <c>[</c>: counts its numbers and leaves the reader on its <c>]</c>.</summary>
    public void Add(ref Utf8JsonReader reader)
    {
        int length = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
                throw new JsonException("an embedding held a value that is not a number");
            length++;
        }

        _mixed |= _count > 0 && length != _dimensions;
        _dimensions = length;
        _count++;
    }

    /// <summary>The reader is on an array of vectors' <c>[</c> (<c>[[…], […]]</c>): counts each.</summary>
    public void AddAll(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
            Add(ref reader);
    }

    /// <summary>The reader is inside an object that holds one vector under <paramref name="name"/> (<c>{"embedding": […]}</c>): counts it.</summary>
    public void AddFrom(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        while (JsonReading.NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals(name))
                JsonReading.SkipValue(ref reader);
            else if (JsonReading.EnterArray(ref reader))
                Add(ref reader);
        }
    }

    /// <summary>Reports the tally: a response without vectors is a protocol failure, since it measured nothing.</summary>
    public readonly FrameResult Report(StreamCapture capture, string provider)
    {
        if (capture.Failure is not null)
            return FrameResult.EndOfStream;
        if (_count == 0)
            capture.OnFailure(FailureKind.Protocol, $"{provider} answered without any embedding");
        else
            capture.OnEmbeddings(_count, _mixed ? null : _dimensions);
        return FrameResult.EndOfStream;
    }

    /// <summary>Usage of an embedding request: input tokens only; reported by the provider.</summary>
    public static TokenUsage Usage(int inputTokens) => new(inputTokens, 0, 0, null, UsageSource.Reported);
}
