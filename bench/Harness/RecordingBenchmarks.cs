using BenchmarkDotNet.Attributes;
using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Harness;

/// <summary>The per-request recording path: one record with 256 text events serialised and appended to the raw file.</summary>
[MemoryDiagnoser]
[BenchmarkCategory(StreamParsingBenchmarks.Category)]
public class RecordingBenchmarks
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"speedkings-recording-{Environment.ProcessId}.jsonl");
    private RecordLog _log = null!;
    private RequestRecord _record = null!;

    [GlobalSetup]
    public void Setup()
    {
        _log = new RecordLog(_path);
        _record = new RequestRecord
        {
            Provider = "loopback", Model = "reference", Prompt = "Medium", StartedUtc = DateTimeOffset.UtcNow,
            StartTimestamp = 123_456_789, ProviderRequestId = "lb-1", HttpStatus = 200,
            PromptSentMs = 0.2, HeadersMs = 1.1, FirstTokenMs = 20.8, FirstAnswerTokenMs = 20.8, LastTokenMs = 1_293.1, StreamEndMs = 1_293.4,
            TextEventArrivalsMs = Enumerable.Range(0, 256).Select(i => 20.8 + (i * 8.0)).ToArray(),
            FirstEventChars = 22, GeneratedChars = 3_400,
            Usage = new TokenUsage(46, 0, 1_024, null, UsageSource.Reported),
            CostUsd = 0.0015596m,
        };
    }

    [Benchmark]
    public void AppendRecord() => _log.Append(_record);

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.Dispose();
        File.Delete(_path);
    }
}
