using System.Diagnostics.Metrics;

namespace Observability.ClickHouseStore;

/// <summary>
/// The store's own counters (meter <c>Observability.ClickHouseStore</c>): what was written, what a replay found
/// already stored and skipped, what failed, and what retention dropped. Instruments have fixed tag sets.
/// </summary>
internal sealed class ClickHouseStoreMetrics : IDisposable
{
    public const string MeterName = "Observability.ClickHouseStore";

    private readonly Meter _meter = new(MeterName);

    public ClickHouseStoreMetrics()
    {
        RowsWritten = _meter.CreateCounter<long>("clickhouse_store_rows_written", "{row}", "Rows inserted, by table");
        Inserts = _meter.CreateCounter<long>("clickhouse_store_inserts", "{insert}", "INSERT statements sent, by table");
        InsertBytes = _meter.CreateCounter<long>("clickhouse_store_insert_bytes", "By", "Native and RowBinary bytes sent");
        WriteErrors = _meter.CreateCounter<long>("clickhouse_store_write_errors", "{batch}", "Batches whose write failed (the writer retries them)");
        BatchesAlreadyStored = _meter.CreateCounter<long>(
            "clickhouse_store_batches_already_stored", "{batch}", "Batches skipped whole because the ledger records them as written");
        ChunksAlreadyStored = _meter.CreateCounter<long>(
            "clickhouse_store_chunks_already_stored", "{insert}", "INSERTs of a resumed batch skipped because their rows were already stored");
        PartitionsDropped = _meter.CreateCounter<long>("clickhouse_store_partitions_dropped", "{partition}", "Monthly partitions dropped by retention");
    }

    /// <summary>This store's meter: several stores in one process each have their own, under the same name.</summary>
    public Meter Meter => _meter;

    public Counter<long> RowsWritten { get; }

    public Counter<long> Inserts { get; }

    public Counter<long> InsertBytes { get; }

    public Counter<long> WriteErrors { get; }

    public Counter<long> BatchesAlreadyStored { get; }

    public Counter<long> ChunksAlreadyStored { get; }

    public Counter<long> PartitionsDropped { get; }

    public void Dispose() => _meter.Dispose();
}
