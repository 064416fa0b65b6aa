using System.Collections.Concurrent;
using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// Sends a batch's tables as Native INSERTs, one per chunk (see <see cref="TableRows{T}"/>), up to
/// <c>parallelism</c> at a time. Every row carries the batch id and its chunk number; when a batch is resumed after a
/// write that stopped part-way, the chunks already stored are found by those two columns (restricted to the batch's
/// time span, so only its partitions are read) and skipped, and the rest are sent. Chunks are independent, so the
/// order in which they complete does not matter.
/// </summary>
internal sealed class BatchInserter(ChConnection connection, Topology topology, ClickHouseStoreMetrics metrics, int parallelism = 1) : IDisposable
{
    private readonly ConcurrentBag<BinaryBuffer> _buffers = [];

    public Task InsertAsync(ITableRows table, string batchId, bool resume, CancellationToken ct) => InsertAsync([table], batchId, resume, ct);

    public async Task InsertAsync(IReadOnlyList<ITableRows> tables, string batchId, bool resume, CancellationToken ct)
    {
        var jobs = new List<InsertJob>();
        foreach (var table in tables.Where(t => t.Count > 0))
        {
            var stored = resume ? await StoredChunksAsync(table, batchId, ct).ConfigureAwait(false) : [];
            foreach (var job in table.Jobs(batchId))
            {
                if (stored.Contains(job.Chunk))
                {
                    metrics.ChunksAlreadyStored.Add(1, new KeyValuePair<string, object?>("table", table.Table.Name));
                }
                else
                {
                    jobs.Add(job);
                }
            }
        }

        if (jobs.Count == 1 || parallelism == 1)
        {
            foreach (var job in jobs)
            {
                await SendAsync(job, ct).ConfigureAwait(false);
            }

            return;
        }

        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, SendAsync)
            .ConfigureAwait(false);
    }

    public void Dispose()
    {
        while (_buffers.TryTake(out var buffer))
        {
            buffer.Dispose();
        }
    }

    private async ValueTask SendAsync(InsertJob job, CancellationToken ct)
    {
        var buffer = _buffers.TryTake(out var pooled) ? pooled : new BinaryBuffer();
        try
        {
            buffer.Reset();
            await connection.InsertAsync(topology.Table(job.Table.Name), job.Table.ColumnList, InsertFormat.Native, (stream, token) => job.WriteRows(buffer, stream, token), ct)
                .ConfigureAwait(false);
            var tag = new KeyValuePair<string, object?>("table", job.Table.Name);
            metrics.Inserts.Add(1, tag);
            metrics.RowsWritten.Add(job.Rows, tag);
            metrics.InsertBytes.Add(buffer.TotalBytes);
        }
        finally
        {
            _buffers.Add(buffer);
        }
    }

    private async Task<HashSet<uint>> StoredChunksAsync(ITableRows table, string batchId, CancellationToken ct)
    {
        var sql = $"SELECT DISTINCT {ChSchema.BatchChunk} FROM {topology.Table(table.Table.Name)} " +
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
