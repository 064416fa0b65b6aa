using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// One table's Native block layout: <c>ts</c>, <c>ts_us</c>, the row type's own columns, <c>batch_id</c>,
/// <c>batch_chunk</c>. The layout is checked against the table's declared columns (names, order and types) when it
/// is built, because the server matches a Native block's columns by name and type.
/// </summary>
internal sealed class TableWriter<T>
{
    /// <summary>Rows per slice of a column: the buffer is offered to the request body between slices.</summary>
    private const int SliceRows = 4096;

    private readonly Func<T, byte[][]>? _identity;

    public TableWriter(ChTable table, Func<T, DateTime> timestamp, Func<T, byte[][]>? identity, IEnumerable<NativeColumn<T>> body)
    {
        Table = table;
        Timestamp = timestamp;
        _identity = identity;
        Columns =
        [
            NativeColumns.Seconds<T>(ChSchema.Ts),
            NativeColumns.Micros<T>(ChSchema.TsUs),
            .. body,
            NativeColumns.BatchId<T>(ChSchema.BatchId),
            NativeColumns.BatchChunk<T>(ChSchema.BatchChunk),
        ];
        var declared = string.Join(", ", table.Columns.Select(c => $"{c.Name} {c.Type}"));
        var written = string.Join(", ", Columns.Select(c => $"{c.Name} {c.Type}"));
        if (declared != written)
        {
            throw new InvalidOperationException($"the Native layout of {table.Name} does not match its columns: declared [{declared}], written [{written}]");
        }
    }

    public ChTable Table { get; }

    public Func<T, DateTime> Timestamp { get; }

    public IReadOnlyList<NativeColumn<T>> Columns { get; }

    public NativeChunk<T> Chunk(T[] rows, long[] micros, string batchId, uint number) =>
        new(rows, micros, _identity is null ? null : Array.ConvertAll(rows, r => _identity(r)), batchId, number);

    /// <summary>Writes the chunk as one Native block (HTTP's Native has no block-info header): counts, then column after column.</summary>
    public async Task WriteBlockAsync(BinaryBuffer buffer, NativeChunk<T> chunk, Stream stream, CancellationToken ct)
    {
        buffer.VarUInt((ulong)Columns.Count);
        buffer.VarUInt((ulong)chunk.Count);
        foreach (var column in Columns)
        {
            buffer.String(column.Name);
            buffer.String(column.Type);
            foreach (var segment in column.Segments)
            {
                chunk.Carry = 0;
                for (var from = 0; from < chunk.Count; from += SliceRows)
                {
                    segment(buffer, chunk, from, Math.Min(chunk.Count, from + SliceRows));
                    await buffer.FlushIfFullAsync(stream, ct).ConfigureAwait(false);
                }
            }
        }

        await buffer.FlushAsync(stream, ct).ConfigureAwait(false);
    }
}
