using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore.Writing;

/// <summary>What the ledger knows of a batch id.</summary>
internal enum LedgerState : byte
{
    /// <summary>Never seen: write everything, no checks.</summary>
    Unknown = 0,

    /// <summary>A write began and may have stopped part-way: write only the INSERTs whose rows are not stored.</summary>
    Started = 1,

    /// <summary>Every row is stored: write nothing.</summary>
    Done = 2,
}

/// <summary>
/// The <c>ingest_batches</c> ledger. ClickHouse has no multi-table transactions, so instead of committing the id with
/// the rows (as DuckDB does) the store records <see cref="LedgerState.Started"/> before a batch's first INSERT and
/// <see cref="LedgerState.Done"/> after its last. The expensive per-table check runs only for a batch found started.
/// </summary>
internal sealed class BatchLedger(ChConnection connection, Topology topology)
{
    private readonly string _table = topology.Table(ChSchema.IngestBatches.Name);

    public async Task<LedgerState> StateAsync(string batchId, CancellationToken ct)
    {
        var result = await connection.QueryAsync(
            $"SELECT max(state) AS state FROM {_table} WHERE batch_id = {ChSql.Literal(batchId)}", ct).ConfigureAwait(false);
        result.Expect(["state"]);
        return result.NextRow() ? (LedgerState)result.Int64() : LedgerState.Unknown;
    }

    public Task RecordAsync(string batchId, LedgerState state, long rows, DateTime now, CancellationToken ct) =>
        connection.InsertRowsAsync(_table, ChSchema.IngestBatches.ColumnList, [0], (buffer, _) =>
        {
            buffer.String(batchId);
            buffer.UInt8((byte)state);
            buffer.UInt64((ulong)rows);
            buffer.UInt32(Timestamps.Seconds(Timestamps.ToMicros(now)));
        }, ct);
}
