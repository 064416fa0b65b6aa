using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// One table's Native block layout: <c>ts</c>, <c>ts_us</c>, the row type's own columns, <c>batch_id</c>,
/// <c>batch_chunk</c>. The layout is checked against the table's declared columns (names, order and types) when it
/// is built, because the server matches a Native block's columns by name and type.
/// </summary>
internal sealed class TableWriter<T>
{
    private readonly Func<T, byte[][]>? _identity;
    private readonly int _columnCount;

    public TableWriter(ChTable table, Func<T, DateTime> timestamp, Func<T, byte[][]>? identity, IEnumerable<INativeColumns<T>> body)
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
        _columnCount = table.Columns.Count;
        var declared = string.Join(", ", table.Columns.Select(c => $"{c.Name} {c.Type}"));
        var written = string.Join(", ", Columns.SelectMany(c => c.Declared).Select(c => $"{c.Name} {c.Type}"));
        if (declared != written)
        {
            throw new InvalidOperationException($"the Native layout of {table.Name} does not match its columns: declared [{declared}], written [{written}]");
        }
    }

    public ChTable Table { get; }

    public Func<T, DateTime> Timestamp { get; }

    public IReadOnlyList<INativeColumns<T>> Columns { get; }

    /// <summary>A chunk of <paramref name="count"/> rows; <paramref name="fill"/> puts row k and its microseconds at k.</summary>
    public NativeChunk<T> Chunk(int count, string batchId, uint number, Action<NativeChunk<T>> fill)
    {
        var chunk = new NativeChunk<T>(count, _identity is not null, batchId, number);
        fill(chunk);
        if (_identity is not null)
        {
            for (var k = 0; k < count; k++)
            {
                chunk.Identities![k] = _identity(chunk.Rows[k]);
            }
        }

        return chunk;
    }

    /// <summary>Writes the chunk as one Native block (HTTP's Native has no block-info header): counts, then column after column.</summary>
    public async Task WriteBlockAsync(BinaryBuffer buffer, NativeChunk<T> chunk, Stream stream, CancellationToken ct)
    {
        buffer.VarUInt((ulong)_columnCount);
        buffer.VarUInt((ulong)chunk.Count);
        foreach (var columns in Columns)
        {
            await columns.WriteAsync(buffer, chunk, stream, ct).ConfigureAwait(false);
        }

        await buffer.FlushAsync(stream, ct).ConfigureAwait(false);
    }
}
