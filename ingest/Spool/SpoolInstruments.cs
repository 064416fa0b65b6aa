using System.Diagnostics.Metrics;
using Observability.Ingest.Writer;

namespace Observability.Ingest.Spool;

/// <summary>The spool's counters and gauges, each checked for <c>Enabled</c> so an unobserved spool pays nothing.</summary>
internal sealed class SpoolInstruments : IDisposable
{
    private readonly StoreMeter _meter;
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
        _meter = new StoreMeter(meterFactory, storeName);
        _batchesSpooled = _meter.Counter(SpoolMetrics.BatchesSpooled, "{batch}", "Batches written to the spool instead of the store");
        _rowsSpooled = _meter.Counter(SpoolMetrics.RowsSpooled, "{row}", "Rows written to the spool instead of the store");
        _bytesSpooled = _meter.Counter(SpoolMetrics.BytesSpooled, "By", "Bytes appended to the spool, framing included");
        _batchesReplayed = _meter.Counter(SpoolMetrics.BatchesReplayed, "{batch}", "Spooled batches written to the store and acknowledged");
        _rowsReplayed = _meter.Counter(SpoolMetrics.RowsReplayed, "{row}", "Spooled rows written to the store and acknowledged");
        _replayErrors = _meter.Counter(SpoolMetrics.ReplayErrors, "{error}", "Failed attempts to replay the oldest spooled batch");
        _fullRejections = _meter.Counter(SpoolMetrics.FullRejections, "{batch}", "Store writes refused because the spool was full");
        _corrupt = _meter.Counter(SpoolMetrics.CorruptRecords, "{record}", "Damaged spool records skipped");
        _meter.Gauge(SpoolMetrics.SizeBytes, sizeBytes, "By", "Bytes of spool segment files on disk");
        _meter.Gauge(SpoolMetrics.SizeBatches, sizeBatches, "{batch}", "Spooled batches not yet replayed");
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

    public void Dispose() => _meter.Dispose();

    private void Add(Counter<long> counter, long value) => _meter.Add(counter, value);
}
