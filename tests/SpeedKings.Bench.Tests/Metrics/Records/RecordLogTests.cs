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

    [Fact]
    public void Torn_lines_are_counted_apart_from_records_whether_or_not_a_later_append_closed_them()
    {
        string path = Path.Combine(Path.GetTempPath(), "speedkings-records-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            using (var log = new RecordLog(path))
            {
                log.Append(Record("a"));
                log.Append(Record("b"));
            }

            File.AppendAllText(path, "{\"provider\":\"p\",\"mod");
            Assert.Equal((2, 1), RecordLog.Count(path)); // still open at the end of the file

            using (var log = new RecordLog(path))
                log.Append(Record("c"));
            Assert.Equal((3, 1), RecordLog.Count(path)); // closed by the fresh line the next log starts on
        }
        finally
        {
            File.Delete(path);
        }
    }
}
