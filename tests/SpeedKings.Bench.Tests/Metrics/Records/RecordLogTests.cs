using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Tests.Metrics.Records;

/// <summary>A kill mid-write tears at most the last line, and the next record is never lost to it.</summary>
public class RecordLogTests
{
    private static RequestRecord Record(string prompt) => new() { Provider = "p", Model = "m", Prompt = prompt, StartedUtc = DateTimeOffset.UnixEpoch };

    [Fact]
    public void A_log_opened_after_a_torn_line_starts_on_a_fresh_one()
    {
        string path = Path.Combine(Path.GetTempPath(), "speedkings-records-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            using (var log = new RecordLog(path))
                log.Append(Record("first"));
            File.AppendAllText(path, "{\"provider\":\"p\",\"mod"); // what a kill mid-write leaves

            using (var log = new RecordLog(path))
                log.Append(Record("after"));

            Assert.Equal(["first", "after"], RecordLog.ReadAll(path).Select(r => r.Prompt));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
