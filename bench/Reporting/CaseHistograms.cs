using HdrHistogram;
using HdrHistogram.Utilities;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Reporting;

/// <summary>
/// A case's latency and speed distributions as HdrHistograms (compressed, base64), kept in the run record beside the
/// requests: a merge of runs whose records left their requests out pools these instead, and loses nothing beyond
/// their precision — <see cref="SignificantDigits"/> significant digits, so a value is kept within 0.1 % and a
/// percentile is the pooled samples' nearest-rank one within that. TTFT and E2E in microseconds (1 µs to 1 hour),
/// output speed in thousandths of a token per second.
/// </summary>
/// <param name="Ttft">Measured, warm, successful requests' TTFT.</param>
/// <param name="EndToEnd">The same requests' E2E.</param>
/// <param name="OutputSpeed">Measured successful requests' output tokens per second.</param>
internal sealed record CaseHistograms(string Ttft, string EndToEnd, string OutputSpeed)
{
    public const int SignificantDigits = 3;

    private const long MostMicroseconds = 3_600_000_000;
    private const long MostSpeedMilli = 100_000_000_000; // 100 million tokens/s

    /// <summary>The relative error of a value, and so of a percentile, read back: 10^−digits.</summary>
    public const double RelativePrecision = 0.001;

    public static CaseHistograms Of(IEnumerable<RequestRecord> measured)
    {
        LongHistogram ttft = Latency(), e2e = Latency(), speed = Speed();
        foreach (RequestRecord r in measured.Where(r => r.Succeeded))
        {
            if (!r.IsColdStart && r.FirstTokenMs is { } first)
                ttft.RecordValue(Clamp(first * 1000, MostMicroseconds));
            if (!r.IsColdStart && r.LastTokenMs is { } last)
                e2e.RecordValue(Clamp(last * 1000, MostMicroseconds));
            if (r.OutputTokensPerSecond is { } tokensPerSecond)
                speed.RecordValue(Clamp(tokensPerSecond * 1000, MostSpeedMilli));
        }

        return new CaseHistograms(Encode(ttft), Encode(e2e), Encode(speed));
    }

    /// <summary>The histograms of several runs of one case, added bucket by bucket.</summary>
    public static CaseHistograms Merge(IReadOnlyList<CaseHistograms> parts)
    {
        LongHistogram ttft = Latency(), e2e = Latency(), speed = Speed();
        foreach (CaseHistograms part in parts)
        {
            ttft.Add(Decode(part.Ttft));
            e2e.Add(Decode(part.EndToEnd));
            speed.Add(Decode(part.OutputSpeed));
        }

        return new CaseHistograms(Encode(ttft), Encode(e2e), Encode(speed));
    }

    /// <summary>TTFT at <paramref name="percentile"/> (0–100) in ms; NaN with no sample.</summary>
    public double TtftMs(double percentile) => Read(Ttft, percentile, 1000);

    public double EndToEndMs(double percentile) => Read(EndToEnd, percentile, 1000);

    public double OutputTokensPerSecond(double percentile) => Read(OutputSpeed, percentile, 1000);

    public long Count => Decode(Ttft).TotalCount;

    private static double Read(string encoded, double percentile, double scale)
    {
        HistogramBase histogram = Decode(encoded);
        return histogram.TotalCount == 0 ? double.NaN : histogram.GetValueAtPercentile(percentile) / scale;
    }

    private static LongHistogram Latency() => new(MostMicroseconds, SignificantDigits);

    private static LongHistogram Speed() => new(MostSpeedMilli, SignificantDigits);

    private static long Clamp(double value, long most) => (long)Math.Clamp(Math.Round(value), 0, most);

    private static string Encode(HistogramBase histogram)
    {
        ByteBuffer buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        int length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        // The buffer shows its bytes one at a time only: a few hundred of them for a case.
        byte[] bytes = new byte[length];
        buffer.Position = 0;
        for (int i = 0; i < length; i++)
            bytes[i] = buffer.Get();
        return Convert.ToBase64String(bytes);
    }

    private static HistogramBase Decode(string encoded)
        => HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(encoded)), 0);
}
