using System.Runtime.CompilerServices;
using Observability.ClickHouseStore.Schema;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;

namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// How each row type becomes the RowBinary of its table's columns, in <see cref="ChTable.Columns"/> order between the
/// leading <c>ts</c>/<c>ts_us</c> and the trailing batch columns (which <see cref="TableWriter{T}"/> writes).
/// Identity records are shared by every row of one GPU or server, so their strings are encoded once per record
/// and copied afterwards.
/// </summary>
internal static class RowEncoders
{
    private static readonly ConditionalWeakTable<GpuIdentity, byte[]> GpuIdentities = [];
    private static readonly ConditionalWeakTable<ServingIdentity, byte[]> ServingIdentities = [];

    public static readonly TableWriter<GpuSample> Gpu = new(ChSchema.GpuSamples, s => s.Timestamp, (b, s) =>
    {
        b.String(s.Target);
        b.Raw(Encoded(GpuIdentities, s.Gpu, GpuIdentityColumns.All));
        foreach (var value in s.Values)
        {
            b.NullableFloat64(value);
        }
    });

    public static readonly TableWriter<ServingSample> Serving = new(ChSchema.ServingSamples, s => s.Timestamp, (b, s) =>
    {
        b.String(s.Target);
        b.Raw(Encoded(ServingIdentities, s.Server, ServingIdentityColumns.All));
        foreach (var value in s.Values)
        {
            b.NullableFloat64(value);
        }
    });

    public static readonly TableWriter<ServingHistogram> Histogram = new(ChSchema.ServingHistograms, h => h.Timestamp, (b, h) =>
    {
        b.String(h.Target);
        b.Raw(Encoded(ServingIdentities, h.Server, ServingIdentityColumns.All));
        b.String(h.Metric);
        b.Float64Array(h.UpperBounds);
        b.Float64Array(h.BucketCounts);
        b.NullableFloat64(h.Count);
        b.NullableFloat64(h.Sum);
    });

    public static readonly TableWriter<RawSample> Raw = new(ChSchema.RawSamples, s => s.Timestamp, (b, s) =>
    {
        b.String(s.Target);
        b.String(s.Name);
        b.String(s.Labels);
        b.NullableFloat64(s.Value);
    });

    public static readonly TableWriter<ScrapeStatus> Status = new(ChSchema.ScrapeStatus, s => s.Timestamp, (b, s) =>
    {
        b.String(s.Target);
        b.String(s.Job);
        b.UInt8(s.Up ? (byte)1 : (byte)0);
        b.NullableFloat64(s.DurationSeconds);
        b.Int32(s.Samples);
        b.String(s.Error);
    });

    public static readonly TableWriter<RequestEvent> Request = new(ChSchema.RequestEvents, e => e.Timestamp, (b, e) =>
    {
        b.String(e.RequestId);
        b.String(e.Tenant);
        b.String(e.Model);
        b.String(e.Deployment);
        b.String(e.Route);
        b.String(e.Operation);
        b.String(e.Provider);
        b.String(RequestStatusNames.Of(e.Status));
        b.String(e.ErrorType);
        b.NullableInt64(e.InputTokens);
        b.NullableInt64(e.OutputTokens);
        b.NullableInt64(e.CachedInputTokens);
        b.NullableFloat64(e.TtftSeconds);
        b.NullableFloat64(e.InterTokenSeconds);
        b.NullableFloat64(e.E2eSeconds);
        b.NullableFloat64(e.QueueSeconds);
        b.String(e.Cluster);
        b.String(e.Namespace);
        b.String(e.Pod);
        b.String(e.Node);
        b.String(e.GpuUuid);
    });

    private static byte[] Encoded<T>(ConditionalWeakTable<T, byte[]> cache, T identity, IReadOnlyList<IdentityColumn<T>> columns)
        where T : class =>
        cache.GetValue(identity, id =>
        {
            using var scratch = new RowBinaryBuffer(4096);
            foreach (var column in columns)
            {
                scratch.String(column.Get(id));
            }

            return scratch.Written.ToArray();
        });
}
