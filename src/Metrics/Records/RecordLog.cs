using System.Buffers;
using System.Text.Json;

namespace SpeedKings.Bench.Metrics.Records;

/// <summary>
/// The raw record file: one JSON object per line, appended and flushed as each request ends, so an interrupted run
/// keeps every request it finished. Each record, newline included, goes to the file in one write, so a kill leaves at
/// most one torn last line; a log opened on such a file starts on a fresh line, so the torn line costs only itself.
/// Safe to share between concurrent requests of one process.
/// </summary>
internal sealed class RecordLog : IDisposable
{
    private readonly FileStream _file;
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly Lock _gate = new();

    public RecordLog(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        // No FileStream buffer: every record is exactly one write of its own.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        if (!EndsWithNewLine(path))
            _file.Write("\n"u8);
        _writer = new Utf8JsonWriter(_line);
    }

    public string Path { get; }

    public void Append(RequestRecord record)
    {
        lock (_gate)
        {
            _line.ResetWrittenCount();
            _writer.Reset(_line);
            JsonSerializer.Serialize(_writer, record, RecordJsonContext.Default.RequestRecord);
            _writer.Flush();
            _line.Write("\n"u8);
            _file.Write(_line.WrittenSpan);
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }

    /// <summary>True for an empty or missing file, or one whose last byte is a newline.</summary>
    private static bool EndsWithNewLine(string path)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length == 0)
            return true;
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }

    /// <summary>Reads every complete record; a torn last line (the process was killed mid-write) is skipped.</summary>
    public static List<RequestRecord> ReadAll(string path, long fromByte = 0, long toByte = long.MaxValue)
    {
        var records = new List<RequestRecord>();
        Scan(path, fromByte, toByte, records);
        return records;
    }

    /// <summary>How many lines of the file are complete records, and how many are not (torn by a kill mid-write).</summary>
    public static (int Readable, int Unreadable) Count(string path)
    {
        var records = new List<RequestRecord>();
        int unreadable = Scan(path, 0, long.MaxValue, records);
        return (records.Count, unreadable);
    }

    /// <returns>The number of non-empty lines that are not a record.</returns>
    private static int Scan(string path, long fromByte, long toByte, List<RequestRecord> records)
    {
        if (!File.Exists(path))
            return 0;

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long end = Math.Min(toByte, stream.Length);
        if (fromByte >= end)
            return 0;
        stream.Position = fromByte;
        byte[] bytes = new byte[end - fromByte];
        stream.ReadExactly(bytes);

        int unreadable = 0;
        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            int newline = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? [] : rest[(newline + 1)..];
            if (line.Trim((byte)' ').IsEmpty)
                continue;
            try
            {
                if (newline >= 0 && JsonSerializer.Deserialize(line, RecordJsonContext.Default.RequestRecord) is { } record)
                    records.Add(record);
                else
                    unreadable++; // a last line without its newline: the write was cut
            }
            catch (JsonException)
            {
                unreadable++; // a line torn by a crash mid-write; every complete line around it is still good
            }
        }

        return unreadable;
    }

    /// <summary>The current length of the file: a position the host can remember to split warmup from measured records.</summary>
    public static long LengthOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
