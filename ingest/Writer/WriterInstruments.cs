using System.Diagnostics.Metrics;

namespace Observability.Ingest.Writer;

/// <summary>The writer's counters and gauge, each checked for <c>Enabled</c> so an unobserved writer pays nothing.</summary>
internal sealed class WriterInstruments : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly KeyValuePair<string, object?> _store;
    private readonly Counter<long> _received;
    private readonly Counter<long> _written;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _writeErrors;
    private readonly Counter<long> _batches;

    public WriterInstruments(IMeterFactory? meterFactory, string storeName, Func<int> bufferedRows)
    {
        // A factory owns (and disposes) the meters it creates; a meter made here is ours to dispose.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(BatchingWriterMetrics.MeterName)) ?? new Meter(BatchingWriterMetrics.MeterName);
        _store = new(BatchingWriterMetrics.StoreTag, storeName);
        _received = _meter.CreateCounter<long>(BatchingWriterMetrics.RowsReceived, "{row}", "Rows accepted into the buffer");
        _written = _meter.CreateCounter<long>(BatchingWriterMetrics.RowsWritten, "{row}", "Rows written to the store");
        _rejected = _meter.CreateCounter<long>(BatchingWriterMetrics.RowsRejected, "{row}", "Rows refused because the buffer was full");
        _dropped = _meter.CreateCounter<long>(BatchingWriterMetrics.RowsDropped, "{row}", "Rows given up at shutdown because the store kept failing");
        _writeErrors = _meter.CreateCounter<long>(BatchingWriterMetrics.WriteErrors, "{error}", "Failed store write attempts");
        _batches = _meter.CreateCounter<long>(BatchingWriterMetrics.BatchesWritten, "{batch}", "Batches written to the store");
        var tag = _store;
        _meter.CreateObservableGauge(
            BatchingWriterMetrics.RowsBuffered,
            () => new Measurement<int>(bufferedRows(), tag),
            "{row}",
            "Rows held in memory, including a batch being written");
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

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private void Add(Counter<long> counter, long value)
    {
        if (counter.Enabled)
        {
            counter.Add(value, _store);
        }
    }
}
