using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// Sends one table's rows of a batch as RowBinary INSERTs, one per chunk (see <see cref="TableRows{T}"/>). Every row
/// carries the batch id and its chunk number; when a batch is resumed after a write that stopped part-way, the chunks
/// already stored are found by those two columns (restricted to the batch's time span, so only its partitions are
/// read) and skipped, and the rest are sent.
/// </summary>
internal sealed class BatchInserter(ChConnection connection, Topology topology, ClickHouseStoreMetrics metrics) : IDisposable
{
    private readonly RowBinaryBuffer _buffer = new();

    public async Task InsertAsync<T>(TableRows<T> table, string batchId, bool resume, CancellationToken ct)
    {
        if (table.Rows.Count == 0)
        {
            return;
        }

        var name = table.Writer.Table.Name;
        var tag = new KeyValuePair<string, object?>("table", name);
        var stored = resume ? await StoredChunksAsync(table, batchId, ct).ConfigureAwait(false) : [];
        for (var chunk = 0; chunk < table.Chunks.Count; chunk++)
        {
            if (stored.Contains((uint)chunk))
            {
                metrics.ChunksAlreadyStored.Add(1, tag);
                continue;
            }

            var (start, count) = table.Chunks[chunk];
            var batchColumns = BatchColumns(batchId, (uint)chunk);
            _buffer.Reset();
            await connection.InsertAsync(topology.Table(name), table.Writer.Table.ColumnList, async (stream, token) =>
            {
                for (var k = start; k < start + count; k++)
                {
                    var i = table.Index(k);
                    table.Writer.Write(_buffer, table.Rows[i], table.Micros[i], batchColumns);
                    await _buffer.FlushIfFullAsync(stream, token).ConfigureAwait(false);
                }

                await _buffer.FlushAsync(stream, token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);

            metrics.Inserts.Add(1, tag);
            metrics.RowsWritten.Add(count, tag);
            metrics.InsertBytes.Add(_buffer.TotalBytes);
        }
    }

    public void Dispose() => _buffer.Dispose();

    private static byte[] BatchColumns(string batchId, uint chunk)
    {
        using var scratch = new RowBinaryBuffer(256);
        scratch.String(batchId);
        scratch.UInt32(chunk);
        return scratch.Written.ToArray();
    }

    private async Task<HashSet<uint>> StoredChunksAsync<T>(TableRows<T> table, string batchId, CancellationToken ct)
    {
        var sql = $"SELECT DISTINCT {ChSchema.BatchChunk} FROM {topology.Table(table.Writer.Table.Name)} " +
                  $"WHERE {ChSchema.BatchId} = {ChSql.Literal(batchId)} " +
                  $"AND ts >= toDateTime({table.MinSeconds}) AND ts <= toDateTime({table.MaxSeconds})";
        var result = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect([ChSchema.BatchChunk]);
        var stored = new HashSet<uint>();
        while (result.NextRow())
        {
            stored.Add((uint)result.Int64());
        }

        return stored;
    }
}
