namespace Observability.Collectors.Scraping.PlainHttp;

/// <summary>
/// Decodes a chunked body (RFC 9112 §7.1) as its bytes arrive, in any split: chunk sizes in hex, extensions skipped,
/// data appended to the body, trailer lines skipped. Malformed framing throws; a body over the limit stops it.
/// </summary>
internal struct ChunkedDecoder
{
    private State _state;
    private long _remaining;
    private int _digits;

    private enum State { Size, Extension, SizeLf, Data, DataCr, DataLf, TrailerStart, TrailerLine, TrailerLineLf, EndLf, Done }

    public readonly bool Done => _state == State.Done;

    /// <summary>
    /// Consumes <paramref name="input"/> up to the end of the body and returns how many bytes it used, or -1 when the
    /// body would pass <paramref name="maxBytes"/>.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> input, BodyReader body, long maxBytes)
    {
        var i = 0;
        while (i < input.Length && _state != State.Done)
        {
            if (_state == State.Data)
            {
                var n = (int)Math.Min(_remaining, input.Length - i);
                if (!body.Append(input.Slice(i, n), maxBytes))
                {
                    return -1;
                }

                i += n;
                _remaining -= n;
                _state = _remaining == 0 ? State.DataCr : State.Data;
                continue;
            }

            var b = input[i++];
            _state = _state switch
            {
                State.Size => SizeDigit(b),
                State.Extension => b == '\r' ? State.SizeLf : State.Extension,
                State.SizeLf => Expect(b, '\n', _remaining == 0 ? State.TrailerStart : State.Data),
                State.DataCr => Expect(b, '\r', State.DataLf),
                State.DataLf => Expect(b, '\n', StartSize()),
                State.TrailerStart => b == '\r' ? State.EndLf : State.TrailerLine,
                State.TrailerLine => b == '\r' ? State.TrailerLineLf : State.TrailerLine,
                State.TrailerLineLf => Expect(b, '\n', State.TrailerStart),
                State.EndLf => Expect(b, '\n', State.Done),
                _ => throw new InvalidOperationException($"unexpected state {_state}"),
            };
        }

        return i;
    }

    private State StartSize()
    {
        _digits = 0;
        _remaining = 0;
        return State.Size;
    }

    private State SizeDigit(byte b)
    {
        var value = HexValue(b);
        if (value >= 0)
        {
            // 15 hex digits stay inside a long; no scrape body comes near that.
            if (++_digits > 15)
            {
                throw new InvalidDataException("chunk size too large");
            }

            _remaining = (_remaining << 4) | (uint)value;
            return State.Size;
        }

        if (_digits == 0)
        {
            throw new InvalidDataException($"invalid chunk size: byte 0x{b:x2} where a hex digit was expected");
        }

        return b switch
        {
            (byte)';' or (byte)' ' or (byte)'\t' => State.Extension,
            (byte)'\r' => State.SizeLf,
            _ => throw new InvalidDataException($"invalid chunk size: unexpected byte 0x{b:x2}"),
        };
    }

    private static State Expect(byte b, char expected, State next) =>
        b == expected ? next : throw new InvalidDataException($"malformed chunked body: expected 0x{(int)expected:x2}, found 0x{b:x2}");

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
