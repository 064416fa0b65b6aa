using System.Diagnostics.Metrics;
using Observability.Ingest.Writer;

namespace Observability.Ingest.Spool;

/// <summary>The spool's counters and gauges, each checked for <c>Enabled</c> so an unobserved spool pays nothing.</summary>
internal sealed class SpoolInstruments : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly KeyValuePair<string, object?> _store;
    private readonly Counter<long> _batchesSpooled;
    private readonly Counter<long> _rowsSpooled;
    private readonly Counter<long> _bytesSpooled;
    private readonly Counter<long> _batchesReplayed;
    private readonly Counter<long> _rowsReplayed;
    private readonly Counter<long> _replayErrors;
    private readonly Counter<long> _fullRejections;
    private readonly Counter<long> _corrupt;

    public SpoolInstruments(IMeterFactory? meterFactory, string storeName, Func<long> sizeBytes, Func<long> sizeBatches)
    {
        // A factory owns (and disposes) the meters it creates; a meter made here is ours to dispose.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(BatchingWriterMetrics.MeterName)) ?? new Meter(BatchingWriterMetrics.MeterName);
        _store = new(BatchingWriterMetrics.StoreTag, storeName);
        _batchesSpooled = _meter.CreateCounter<long>(SpoolMetrics.BatchesSpooled, "{batch}", "Batches written to the spool instead of the store");
        _rowsSpooled = _meter.CreateCounter<long>(SpoolMetrics.RowsSpooled, "{row}", "Rows written to the spool instead of the store");
        _bytesSpooled = _meter.CreateCounter<long>(SpoolMetrics.BytesSpooled, "By", "Bytes appended to the spool, framing included");
        _batchesReplayed = _meter.CreateCounter<long>(SpoolMetrics.BatchesReplayed, "{batch}", "Spooled batches written to the store and acknowledged");
        _rowsReplayed = _meter.CreateCounter<long>(SpoolMetrics.RowsReplayed, "{row}", "Spooled rows written to the store and acknowledged");
        _replayErrors = _meter.CreateCounter<long>(SpoolMetrics.ReplayErrors, "{error}", "Failed attempts to replay the oldest spooled batch");
        _fullRejections = _meter.CreateCounter<long>(SpoolMetrics.FullRejections, "{batch}", "Store writes refused because the spool was full");
        _corrupt = _meter.CreateCounter<long>(SpoolMetrics.CorruptRecords, "{record}", "Damaged spool records skipped");
        var tag = _store;
        _meter.CreateObservableGauge(SpoolMetrics.SizeBytes, () => new Measurement<long>(sizeBytes(), tag), "By", "Bytes of spool segment files on disk");
        _meter.CreateObservableGauge(SpoolMetrics.SizeBatches, () => new Measurement<long>(sizeBatches(), tag), "{batch}", "Spooled batches not yet replayed");
    }

    public void Spooled(int rows, int bytes)
    {
        Add(_batchesSpooled, 1);
        Add(_rowsSpooled, rows);
        Add(_bytesSpooled, bytes);
    }

    public void Replayed(int rows)
    {
        Add(_batchesReplayed, 1);
        Add(_rowsReplayed, rows);
    }

    public void ReplayError() => Add(_replayErrors, 1);

    public void FullRejection() => Add(_fullRejections, 1);

    public void Corrupt() => Add(_corrupt, 1);

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
