using System.Buffers;
using System.Text;

namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>
/// Server-sent events over a pooled buffer, dispatched the moment their blank line is read. Each read fills the buffer,
/// then every complete line in it is handled synchronously: a one-line <c>data:</c> event (nearly all of them) reaches
/// the handler as a slice of the read buffer, with no copy, no string and no per-event async step. Multi-line data is
/// joined with <c>\n</c> in a second buffer, as the SSE specification says.
/// </summary>
/// <remarks>
/// Follows the WHATWG event-stream rules the providers rely on: lines end in CRLF, LF or CR; a leading BOM is dropped;
/// <c>:</c> starts a comment (keep-alives); one space after the colon is removed; <c>event:</c> names the next event;
/// a blank line dispatches an event that has data; an unfinished event at the end of the body is discarded.
/// </remarks>
internal sealed class SseReader : IDisposable
{
    /// <summary>The longest line accepted. A larger one is not a stream anyone measures: it fails as a protocol error.</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    // Small to start: a thousand concurrent streams each hold one; a long line grows it.
    private const int InitialBufferBytes = 4 * 1024;
    private const string DefaultEventType = "message";

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    private byte[] _data = []; // rented on the first multi-line event only
    private int _dataLength;
    private int _dataLines;
    private int _singleDataStart;
    private string _eventType = DefaultEventType;

    /// <summary>Handles one event; returning false stops the reading (the format saw its end marker).</summary>
    public delegate bool EventCallback(string eventType, ReadOnlySpan<byte> data);

    /// <summary>Reads events until the handler stops or the body ends.</summary>
    /// <exception cref="InvalidDataException">A line is longer than <see cref="MaxLineBytes"/>.</exception>
    public async Task ReadAsync(Stream body, EventCallback onEvent, CancellationToken cancellationToken)
    {
        _dataLength = 0;
        _dataLines = 0;
        _eventType = DefaultEventType;
        int start = 0, end = 0;
        bool first = true, skipLineFeed = false;
        while (true)
        {
            if (end == _buffer.Length)
                (start, end) = MakeRoom(start, end);

            int read = await body.ReadAsync(_buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return;
            end += read;

            if (first && (end >= 3 || _buffer.AsSpan(0, end).IndexOfAny((byte)'\n', (byte)'\r') >= 0))
            {
                first = false;
                if (end >= 3 && _buffer.AsSpan(0, 3).SequenceEqual(Encoding.UTF8.Preamble))
                    start = 3;
            }

            // A CR that ended the previous read may be the first half of a CRLF.
            if (skipLineFeed && start < end)
            {
                skipLineFeed = false;
                if (_buffer[start] == (byte)'\n')
                    start++;
            }

            while (start < end)
            {
                int length = _buffer.AsSpan(start, end - start).IndexOfAny((byte)'\n', (byte)'\r');
                if (length < 0)
                    break;

                int next = start + length + 1;
                if (_buffer[start + length] == (byte)'\r')
                {
                    if (next == end)
                        skipLineFeed = true;
                    else if (_buffer[next] == (byte)'\n')
                        next++;
                }

                bool keepGoing = Line(start, length, onEvent);
                start = next;
                if (!keepGoing)
                    return;
            }
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
        if (_data.Length > 0)
            ArrayPool<byte>.Shared.Return(_data);
        _buffer = _data = [];
    }

    /// <summary>One line, given by its place in the read buffer; false when the handler asked to stop.</summary>
    private bool Line(int start, int length, EventCallback onEvent)
    {
        ReadOnlySpan<byte> line = _buffer.AsSpan(start, length);
        if (line.IsEmpty)
            return Dispatch(onEvent);
        if (line[0] == (byte)':')
            return true;

        int colon = line.IndexOf((byte)':');
        ReadOnlySpan<byte> field = colon < 0 ? line : line[..colon];
        int valueStart = colon < 0 ? length : colon + 1;
        if (valueStart < length && line[valueStart] == (byte)' ')
            valueStart++;

        if (field.SequenceEqual("data"u8))
            AddData(start + valueStart, length - valueStart);
        else if (field.SequenceEqual("event"u8))
            _eventType = EventType(line[valueStart..]);
        return true;
    }

    /// <summary>
    /// The first data line of an event is only noted (it stays in the read buffer until the blank line, since lines are
    /// handled before the next read); a second one starts the joined copy.
    /// </summary>
    private void AddData(int start, int length)
    {
        if (_dataLines == 0)
        {
            _singleDataStart = start;
            _dataLength = length;
        }
        else
        {
            if (_dataLines == 1)
            {
                int firstLength = _dataLength;
                _dataLength = 0;
                Append(_buffer.AsSpan(_singleDataStart, firstLength));
            }

            Append("\n"u8);
            Append(_buffer.AsSpan(start, length));
        }

        _dataLines++;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_dataLength + bytes.Length > _data.Length)
            _data = Grow(_data, _dataLength, _dataLength + bytes.Length);
        bytes.CopyTo(_data.AsSpan(_dataLength));
        _dataLength += bytes.Length;
    }

    private bool Dispatch(EventCallback onEvent)
    {
        if (_dataLines == 0)
        {
            _eventType = DefaultEventType;
            return true;
        }

        ReadOnlySpan<byte> data = _dataLines == 1 ? _buffer.AsSpan(_singleDataStart, _dataLength) : _data.AsSpan(0, _dataLength);
        string eventType = _eventType;
        _dataLines = 0;
        _dataLength = 0;
        _eventType = DefaultEventType;
        return onEvent(eventType, data);
    }

    /// <summary>
    /// Moves the unread tail to the front, or grows the buffer when one line fills it. A pending one-line event moves
    /// with it, so its noted position is shifted, never lost.
    /// </summary>
    private (int Start, int End) MakeRoom(int start, int end)
    {
        int keepFrom = _dataLines == 1 ? Math.Min(start, _singleDataStart) : start;
        int kept = end - keepFrom;
        if (keepFrom == 0)
        {
            if (_buffer.Length >= MaxLineBytes)
                throw new InvalidDataException($"An event-stream line is longer than {MaxLineBytes / (1024 * 1024)} MB.");
            _buffer = Grow(_buffer, kept, _buffer.Length * 2);
        }
        else
        {
            _buffer.AsSpan(keepFrom, kept).CopyTo(_buffer);
        }

        _singleDataStart -= keepFrom;
        return (start - keepFrom, kept);
    }

    private static byte[] Grow(byte[] buffer, int used, int atLeast)
    {
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(atLeast, buffer.Length * 2), InitialBufferBytes));
        buffer.AsSpan(0, used).CopyTo(larger);
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>Event names repeat from a short list (Anthropic has seven): each is decoded once per reader.</summary>
    private string EventType(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
            return DefaultEventType;
        foreach ((byte[] bytes, string text) in _eventTypes)
        {
            if (name.SequenceEqual(bytes))
                return text;
        }

        string decoded = Encoding.UTF8.GetString(name);
        if (_eventTypes.Count < MaxEventTypes)
            _eventTypes.Add((name.ToArray(), decoded));
        return decoded;
    }

    private const int MaxEventTypes = 16;
    private readonly List<(byte[] Bytes, string Text)> _eventTypes = [];
}
