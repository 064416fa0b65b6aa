using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore.Writing;

/// <summary>Writes one part of a column's data for the chunk's rows [from, to).</summary>
internal delegate void NativeSegment<T>(BinaryBuffer buffer, NativeChunk<T> chunk, int from, int to);

/// <summary>
/// One column of a Native block: its name, its type exactly as the table declares it, and its data as consecutive
/// segments, each covering every row of the block before the next begins (a Nullable column's null map, then its
/// values; an Array column's end offsets, then its flattened elements).
/// </summary>
internal sealed record NativeColumn<T>(string Name, string Type, IReadOnlyList<NativeSegment<T>> Segments) : INativeColumns<T>
{
    /// <summary>Rows per slice of a segment: the buffer is offered to the request body between slices.</summary>
    private const int SliceRows = 4096;

    public IEnumerable<(string Name, string Type)> Declared => [(Name, Type)];

    public async Task WriteAsync(BinaryBuffer buffer, NativeChunk<T> chunk, Stream stream, CancellationToken ct)
    {
        buffer.String(Name);
        buffer.String(Type);
        foreach (var segment in Segments)
        {
            chunk.Carry = 0;
            for (var from = 0; from < chunk.Count; from += SliceRows)
            {
                segment(buffer, chunk, from, Math.Min(chunk.Count, from + SliceRows));
                await buffer.FlushIfFullAsync(stream, ct).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>One or more whole columns of a Native block, written one after another.</summary>
internal interface INativeColumns<T>
{
    /// <summary>Name and type of each column written, in order.</summary>
    IEnumerable<(string Name, string Type)> Declared { get; }

    Task WriteAsync(BinaryBuffer buffer, NativeChunk<T> chunk, Stream stream, CancellationToken ct);
}

/// <summary>
/// The column kinds the store writes, in ClickHouse's Native layout: fixed-width values little-endian back to back;
/// <c>Nullable(T)</c> as a null map of one byte per row and then a value per row (0 where null); <c>String</c> as a
/// LEB128 length and the bytes per row; <c>Array(T)</c> as one cumulative UInt64 end offset per row and then every
/// element. NaN is the domain's "absent" and is stored as NULL.
/// </summary>
internal static class NativeColumns
{
    public static NativeColumn<T> String<T>(string name, Func<T, string?> get) =>
        new(name, ChColumn.TextType, [(b, c, from, to) =>
        {
            for (var k = from; k < to; k++)
            {
                b.String(get(c.Rows[k]));
            }
        }]);

    /// <summary>An identity column: the row's pre-encoded String, copied.</summary>
    public static NativeColumn<T> Identity<T>(string name, int index) =>
        new(name, ChColumn.TextType, [(b, c, from, to) =>
        {
            var identities = c.Identities!;
            for (var k = from; k < to; k++)
            {
                b.Raw(identities[k][index]);
            }
        }]);

    public static NativeColumn<T> UInt8<T>(string name, Func<T, byte> get) =>
        new(name, ChColumn.UInt8Type, [(b, c, from, to) =>
        {
            for (var k = from; k < to; k++)
            {
                b.UInt8(get(c.Rows[k]));
            }
        }]);

    public static NativeColumn<T> Int32<T>(string name, Func<T, int> get) =>
        new(name, ChColumn.Int32Type, [(b, c, from, to) =>
        {
            for (var k = from; k < to; k++)
            {
                b.Int32(get(c.Rows[k]));
            }
        }]);

    public static NativeColumn<T> NullableFloat64<T>(string name, Func<T, double> get) =>
        new(name, ChColumn.NullableFloat64Type,
        [
            (b, c, from, to) =>
            {
                for (var k = from; k < to; k++)
                {
                    b.UInt8(double.IsNaN(get(c.Rows[k])) ? (byte)1 : (byte)0);
                }
            },
            (b, c, from, to) =>
            {
                for (var k = from; k < to; k++)
                {
                    var value = get(c.Rows[k]);
                    b.Float64(double.IsNaN(value) ? 0 : value);
                }
            },
        ]);

    public static NativeColumn<T> NullableInt64<T>(string name, Func<T, long?> get) =>
        new(name, ChColumn.NullableInt64Type,
        [
            (b, c, from, to) =>
            {
                for (var k = from; k < to; k++)
                {
                    b.UInt8(get(c.Rows[k]) is null ? (byte)1 : (byte)0);
                }
            },
            (b, c, from, to) =>
            {
                for (var k = from; k < to; k++)
                {
                    b.Int64(get(c.Rows[k]) ?? 0);
                }
            },
        ]);

    public static NativeColumn<T> Float64Array<T>(string name, Func<T, double[]?> get) =>
        new(name, ChColumn.Float64ArrayType,
        [
            (b, c, from, to) =>
            {
                for (var k = from; k < to; k++)
                {
                    c.Carry += (ulong)(get(c.Rows[k])?.Length ?? 0);
                    b.UInt64(c.Carry);
                }
            },
            (b, c, from, to) =>
            {
                for (var k = from; k < to; k++)
                {
                    b.Float64s(get(c.Rows[k]));
                }
            },
        ]);

    /// <summary><c>ts</c>: whole seconds of the row's stored microseconds.</summary>
    public static NativeColumn<T> Seconds<T>(string name) =>
        new(name, ChColumn.DateTimeUtcType, [(b, c, from, to) =>
        {
            for (var k = from; k < to; k++)
            {
                b.UInt32(Timestamps.Seconds(c.Micros[k]));
            }
        }]);

    /// <summary><c>ts_us</c>: the row's stored microseconds.</summary>
    public static NativeColumn<T> Micros<T>(string name) =>
        new(name, ChColumn.Int64Type, [(b, c, from, to) =>
        {
            for (var k = from; k < to; k++)
            {
                b.Int64(c.Micros[k]);
            }
        }]);

    /// <summary><c>batch_id</c>: the same String on every row, encoded once.</summary>
    public static NativeColumn<T> BatchId<T>(string name) =>
        new(name, ChColumn.TextType, [(b, c, from, to) =>
        {
            using var scratch = new BinaryBuffer(256);
            scratch.String(c.BatchId);
            var encoded = scratch.Written;
            for (var k = from; k < to; k++)
            {
                b.Raw(encoded);
            }
        }]);

    /// <summary><c>batch_chunk</c>: the INSERT's chunk number on every row.</summary>
    public static NativeColumn<T> BatchChunk<T>(string name) =>
        new(name, ChColumn.UInt32Type, [(b, c, from, to) =>
        {
            for (var k = from; k < to; k++)
            {
                b.UInt32(c.Number);
            }
        }]);
}
