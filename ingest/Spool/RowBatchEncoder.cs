using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.Spool;

/// <summary>
/// Serialises a <see cref="RowBatch"/> exactly and compactly into a spool record payload (format version 1):
/// <list type="bullet">
/// <item>version byte, batch id (string reference), then each table as a row count followed by its rows, in the
/// order GPU samples, serving samples, histograms, raw samples, scrape statuses, request events;</item>
/// <item>strings are references into a table built as the record is written: <c>0</c> is null, <c>n</c> is the
/// (n−1)th string seen, and the next unused number is followed by the string itself, so the identity strings repeated on
/// every row cost a byte or two;</item>
/// <item>GPU and server identities are referenced the same way (by instance, which is how mappers share them);</item>
/// <item>timestamps are zigzag varint deltas of <see cref="DateTime.ToBinary"/> from the previous row of the table
/// (kind included);</item>
/// <item>wide-row values are a count, a presence bitmap (absent = the canonical NaN) and the present values' raw bits,
/// so a later build with more fields reads older records by padding with NaN.</item>
/// </list>
/// Not thread-safe; one instance per writer, reused.
/// </summary>
internal sealed class RowBatchEncoder
{
    private static readonly long CanonicalNaN = BitConverter.DoubleToInt64Bits(double.NaN);

    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<object, int> _identities = new(ReferenceEqualityComparer.Instance);
    private ByteWriter _out = null!;
    private long _lastTime;

    /// <summary>Appends the payload of <paramref name="batch"/> to <paramref name="output"/>.</summary>
    public void Encode(RowBatch batch, ByteWriter output)
    {
        _out = output;
        _strings.Clear();
        _identities.Clear();
        try
        {
            output.WriteByte(RecordFormat.CurrentVersion);
            String(batch.BatchId);
            Table(batch.GpuSamples, Gpu);
            Table(batch.ServingSamples, Serving);
            Table(batch.ServingHistograms, Histogram);
            Table(batch.RawSamples, Raw);
            Table(batch.ScrapeStatuses, Status);
            Table(batch.RequestEvents, Request);
        }
        finally
        {
            _out = null!;
        }
    }

    private void Table<T>(List<T> rows, Action<T> write)
    {
        _out.WriteVarUInt((ulong)rows.Count);
        _lastTime = 0;
        foreach (var row in rows)
        {
            write(row);
        }
    }

    private void Gpu(GpuSample row)
    {
        Time(row.Timestamp);
        String(row.Target);
        if (NewIdentity(row.Gpu))
        {
            var g = row.Gpu;
            String(g.Cluster);
            String(g.Node);
            String(g.GpuIndex);
            String(g.Uuid);
            String(g.PciBusId);
            String(g.Device);
            String(g.ModelName);
            String(g.MigProfile);
            String(g.MigInstanceId);
            String(g.DriverVersion);
            String(g.Namespace);
            String(g.Pod);
            String(g.Container);
        }

        Values(row.Values);
    }

    private void Serving(ServingSample row)
    {
        Time(row.Timestamp);
        String(row.Target);
        Server(row.Server);
        Values(row.Values);
    }

    private void Histogram(ServingHistogram row)
    {
        Time(row.Timestamp);
        String(row.Target);
        Server(row.Server);
        String(row.Metric);
        Doubles(row.UpperBounds);
        Doubles(row.BucketCounts);
        _out.WriteDouble(row.Count);
        _out.WriteDouble(row.Sum);
    }

    private void Raw(RawSample row)
    {
        Time(row.Timestamp);
        String(row.Target);
        String(row.Name);
        String(row.Labels);
        _out.WriteDouble(row.Value);
    }

    private void Status(ScrapeStatus row)
    {
        Time(row.Timestamp);
        String(row.Target);
        String(row.Job);
        _out.WriteByte(row.Up ? (byte)1 : (byte)0);
        _out.WriteDouble(row.DurationSeconds);
        _out.WriteVarInt(row.Samples);
        String(row.Error);
    }

    private void Request(RequestEvent row)
    {
        Time(row.Timestamp);
        String(row.RequestId);
        String(row.Tenant);
        String(row.Model);
        String(row.Deployment);
        String(row.Route);
        String(row.Operation);
        String(row.Provider);
        _out.WriteVarUInt((ulong)row.Status);
        String(row.ErrorType);
        var present = (row.InputTokens.HasValue ? 1 : 0) | (row.OutputTokens.HasValue ? 2 : 0) | (row.CachedInputTokens.HasValue ? 4 : 0);
        _out.WriteByte((byte)present);
        OptionalLong(row.InputTokens);
        OptionalLong(row.OutputTokens);
        OptionalLong(row.CachedInputTokens);
        _out.WriteDouble(row.TtftSeconds);
        _out.WriteDouble(row.InterTokenSeconds);
        _out.WriteDouble(row.E2eSeconds);
        _out.WriteDouble(row.QueueSeconds);
        String(row.Cluster);
        String(row.Namespace);
        String(row.Pod);
        String(row.Node);
        String(row.GpuUuid);
    }

    private void Server(ServingIdentity s)
    {
        if (!NewIdentity(s))
        {
            return;
        }

        String(s.Cluster);
        String(s.Node);
        String(s.Source);
        String(s.Model);
        String(s.ModelVersion);
        String(s.Engine);
        String(s.GpuUuid);
        String(s.Namespace);
        String(s.Pod);
        String(s.TenantHint);
    }

    private void OptionalLong(long? value)
    {
        if (value is { } v)
        {
            _out.WriteVarInt(v);
        }
    }

    private void Time(DateTime timestamp)
    {
        var binary = timestamp.ToBinary();
        _out.WriteVarInt(unchecked(binary - _lastTime));
        _lastTime = binary;
    }

    /// <summary>Writes the identity's reference; true when it is new here and its fields must follow.</summary>
    private bool NewIdentity(object identity)
    {
        if (_identities.TryGetValue(identity, out var index))
        {
            _out.WriteVarUInt((ulong)index);
            return false;
        }

        index = _identities.Count;
        _identities.Add(identity, index);
        _out.WriteVarUInt((ulong)index);
        return true;
    }

    private void String(string? value)
    {
        if (value is null)
        {
            _out.WriteVarUInt(0);
            return;
        }

        if (_strings.TryGetValue(value, out var index))
        {
            _out.WriteVarUInt((ulong)index + 1);
            return;
        }

        index = _strings.Count;
        _strings.Add(value, index);
        _out.WriteVarUInt((ulong)index + 1);
        _out.WriteStringBody(value);
    }

    private void Values(double[] values)
    {
        _out.WriteVarUInt((ulong)values.Length);
        var bitmap = _out.Reserve((values.Length + 7) / 8);
        _out.Slice(bitmap, (values.Length + 7) / 8).Clear();
        for (var i = 0; i < values.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(values[i]) != CanonicalNaN)
            {
                _out.Slice(bitmap + (i >> 3), 1)[0] |= (byte)(1 << (i & 7));
                _out.WriteDouble(values[i]);
            }
        }
    }

    private void Doubles(double[] values)
    {
        _out.WriteVarUInt((ulong)values.Length);
        foreach (var value in values)
        {
            _out.WriteDouble(value);
        }
    }
}
