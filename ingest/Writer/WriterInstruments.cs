using System.Diagnostics.Metrics;

namespace Observability.Ingest.Writer;

/// <summary>The writer's counters and gauge, each checked for <c>Enabled</c> so an unobserved writer pays nothing.</summary>
internal sealed class WriterInstruments : IDisposable
{
    private readonly StoreMeter _meter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _written;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _writeErrors;
    private readonly Counter<long> _batches;

    public WriterInstruments(IMeterFactory? meterFactory, string storeName, Func<int> bufferedRows)
    {
        _meter = new StoreMeter(meterFactory, storeName);
        _received = _meter.Counter(BatchingWriterMetrics.RowsReceived, "{row}", "Rows accepted into the buffer");
        _written = _meter.Counter(BatchingWriterMetrics.RowsWritten, "{row}", "Rows written to the store");
        _rejected = _meter.Counter(BatchingWriterMetrics.RowsRejected, "{row}", "Rows refused because the buffer was full");
        _dropped = _meter.Counter(BatchingWriterMetrics.RowsDropped, "{row}", "Rows given up at shutdown because the store kept failing");
        _writeErrors = _meter.Counter(BatchingWriterMetrics.WriteErrors, "{error}", "Failed store write attempts");
        _batches = _meter.Counter(BatchingWriterMetrics.BatchesWritten, "{batch}", "Batches written to the store");
        _meter.Gauge(BatchingWriterMetrics.RowsBuffered, bufferedRows, "{row}", "Rows held in memory, including a batch being written");
    }

    public void Received(int rows) => Add(_received, rows);

    public void Written(int rows)
    {
        Add(_written, rows);
        Add(_batches, 1);
    }

    public void Rejected(int rows) => Add(_rejected, rows);

    public void Dropped(int rows) => Add(_dropped, rows);

    public void WriteError() => Add(_writeErrors, 1);

    public void Dispose() => _meter.Dispose();

    private void Add(Counter<long> counter, long value) => _meter.Add(counter, value);
}
