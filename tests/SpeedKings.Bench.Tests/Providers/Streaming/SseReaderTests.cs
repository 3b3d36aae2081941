using System.Text;
using SpeedKings.Bench.Providers.Streaming;

namespace SpeedKings.Bench.Tests.Providers.Streaming;

/// <summary>The event-stream rules, fed as bytes cut at awkward places.</summary>
public class SseReaderTests
{
    private static Task<List<(string Type, string Data)>> ReadAsync(params string[] segments)
        => ReadBytesAsync([.. segments.Select(Encoding.UTF8.GetBytes)]);

    private static async Task<List<(string Type, string Data)>> ReadBytesAsync(params byte[][] segments)
    {
        var events = new List<(string, string)>();
        using var reader = new SseReader();
        var body = new SegmentedStream(segments, TimeSpan.Zero);
        await reader.ReadAsync(body, (type, data) =>
        {
            events.Add((type, Encoding.UTF8.GetString(data)));
            return true;
        }, CancellationToken.None);
        return events;
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task Every_line_ending_ends_a_line(string eol)
    {
        var events = await ReadAsync($"data: a{eol}{eol}data:b{eol}{eol}");
        Assert.Equal([("message", "a"), ("message", "b")], events);
    }

    [Fact]
    public async Task A_CRLF_split_between_reads_is_one_line_end()
    {
        var events = await ReadAsync("data: a\r", "\n\r", "\ndata: b\r\n\r\n");
        Assert.Equal([("message", "a"), ("message", "b")], events);
    }

    [Fact]
    public async Task Comments_and_unknown_fields_are_ignored_and_one_space_is_stripped()
    {
        var events = await ReadAsync(": keep-alive\n\nid: 7\nretry: 10\ndata:  two spaces\n\n");
        Assert.Equal([("message", " two spaces")], events);
    }

    [Fact]
    public async Task Data_lines_are_joined_with_a_line_feed_and_the_event_type_applies_once()
    {
        var events = await ReadAsync("event: message_delta\ndata: {\"a\":\ndata: 1}\n\n", "data: x\n\n");
        Assert.Equal([("message_delta", "{\"a\":\n1}"), ("message", "x")], events);
    }

    [Fact]
    public async Task A_byte_order_mark_is_dropped_even_when_it_arrives_in_pieces()
    {
        byte[] bom = Encoding.UTF8.Preamble.ToArray();
        var events = await ReadBytesAsync(bom[..2], [bom[2], .. "data: a\n\n"u8]);
        Assert.Equal([("message", "a")], events);
    }

    [Fact]
    public async Task An_unfinished_event_at_the_end_of_the_body_is_discarded()
    {
        var events = await ReadAsync("data: a\n\ndata: cut off");
        Assert.Equal([("message", "a")], events);
    }

    [Fact]
    public async Task A_one_megabyte_line_grows_the_buffer_and_keeps_every_byte()
    {
        string big = new('x', 1024 * 1024);
        var events = await ReadAsync("data: a\n\ndata: ", big[..300_000], big[300_000..], "\n\ndata: b\n\n");
        Assert.Equal(["a", big, "b"], events.Select(e => e.Data));
    }

    [Fact]
    public async Task A_line_past_the_limit_is_refused_as_invalid_data()
    {
        using var reader = new SseReader();
        var endless = new SegmentedStream(Enumerable.Repeat(Encoding.UTF8.GetBytes(new string('x', 1024 * 1024)), 20).ToList(), TimeSpan.Zero);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(endless, (_, _) => true, CancellationToken.None));
        Assert.Contains("longer than 16 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_handler_stops_the_reading()
    {
        int seen = 0;
        using var reader = new SseReader();
        var body = new SegmentedStream([Encoding.UTF8.GetBytes("data: 1\n\ndata: 2\n\ndata: 3\n\n")], TimeSpan.Zero);
        await reader.ReadAsync(body, (_, data) => ++seen < 2, CancellationToken.None);
        Assert.Equal(2, seen);
    }
}
