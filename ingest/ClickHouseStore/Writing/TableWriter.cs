using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore.Writing;

/// <summary>One table's RowBinary row layout: <c>ts</c>, <c>ts_us</c>, the row's own columns, <c>batch_id</c>, <c>batch_chunk</c>.</summary>
internal sealed class TableWriter<T>(ChTable table, Func<T, DateTime> timestamp, Action<RowBinaryBuffer, T> body)
{
    public ChTable Table { get; } = table;

    public DateTime Timestamp(T row) => timestamp(row);

    /// <summary>Writes one row; <paramref name="batchColumns"/> is the pre-encoded <c>batch_id</c> and <c>batch_chunk</c>.</summary>
    public void Write(RowBinaryBuffer buffer, T row, long micros, ReadOnlySpan<byte> batchColumns)
    {
        buffer.UInt32(Timestamps.Seconds(micros));
        buffer.Int64(micros);
        body(buffer, row);
        buffer.Raw(batchColumns);
    }
}
