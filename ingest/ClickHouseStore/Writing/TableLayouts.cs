using System.Runtime.CompilerServices;
using Observability.ClickHouseStore.Schema;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using static Observability.ClickHouseStore.Writing.NativeColumns;

namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// Each row type's columns, in <see cref="ChTable.Columns"/> order between the leading <c>ts</c>/<c>ts_us</c> and the
/// trailing batch columns (which <see cref="TableWriter{T}"/> adds). Identity records are shared by every row of one
/// GPU or server, so their strings are encoded once per record and copied afterwards.
/// </summary>
internal static class TableLayouts
{
    private static readonly ConditionalWeakTable<GpuIdentity, byte[][]> GpuIdentities = [];
    private static readonly ConditionalWeakTable<ServingIdentity, byte[][]> ServingIdentities = [];

    public static readonly TableWriter<GpuSample> Gpu = new(ChSchema.GpuSamples, s => s.Timestamp,
        s => Encoded(GpuIdentities, s.Gpu, GpuIdentityColumns.All),
        [
            String<GpuSample>(ChSchema.Target, s => s.Target),
            .. GpuIdentityColumns.All.Select((c, i) => Identity<GpuSample>(c.Name, i)),
            new NullableFloat64Columns<GpuSample>([.. GpuFieldCatalog.All.Select(f => f.Column)], s => s.Values),
        ]);

    public static readonly TableWriter<ServingSample> Serving = new(ChSchema.ServingSamples, s => s.Timestamp,
        s => Encoded(ServingIdentities, s.Server, ServingIdentityColumns.All),
        [
            String<ServingSample>(ChSchema.Target, s => s.Target),
            .. ServingIdentityColumns.All.Select((c, i) => Identity<ServingSample>(c.Name, i)),
            new NullableFloat64Columns<ServingSample>([.. ServingFieldCatalog.All.Select(f => f.Column)], s => s.Values),
        ]);

    public static readonly TableWriter<ServingHistogram> Histogram = new(ChSchema.ServingHistograms, h => h.Timestamp,
        h => Encoded(ServingIdentities, h.Server, ServingIdentityColumns.All),
        [
            String<ServingHistogram>(ChSchema.Target, h => h.Target),
            .. ServingIdentityColumns.All.Select((c, i) => Identity<ServingHistogram>(c.Name, i)),
            String<ServingHistogram>("metric", h => h.Metric),
            Float64Array<ServingHistogram>("upper_bounds", h => h.UpperBounds),
            Float64Array<ServingHistogram>("bucket_counts", h => h.BucketCounts),
            NullableFloat64<ServingHistogram>("count", h => h.Count),
            NullableFloat64<ServingHistogram>("sum", h => h.Sum),
        ]);

    public static readonly TableWriter<RawSample> Raw = new(ChSchema.RawSamples, s => s.Timestamp, null,
        [
            String<RawSample>(ChSchema.Target, s => s.Target),
            String<RawSample>("name", s => s.Name),
            String<RawSample>("labels", s => s.Labels),
            NullableFloat64<RawSample>("value", s => s.Value),
        ]);

    public static readonly TableWriter<ScrapeStatus> Status = new(ChSchema.ScrapeStatus, s => s.Timestamp, null,
        [
            String<ScrapeStatus>(ChSchema.Target, s => s.Target),
            String<ScrapeStatus>("job", s => s.Job),
            UInt8<ScrapeStatus>("up", s => s.Up ? (byte)1 : (byte)0),
            NullableFloat64<ScrapeStatus>("duration_seconds", s => s.DurationSeconds),
            Int32<ScrapeStatus>("samples", s => s.Samples),
            String<ScrapeStatus>("error", s => s.Error),
        ]);

    public static readonly TableWriter<RequestEvent> Request = new(ChSchema.RequestEvents, e => e.Timestamp, null,
        [
            String<RequestEvent>("request_id", e => e.RequestId),
            String<RequestEvent>("tenant", e => e.Tenant),
            String<RequestEvent>("model", e => e.Model),
            String<RequestEvent>("deployment", e => e.Deployment),
            String<RequestEvent>("route", e => e.Route),
            String<RequestEvent>("operation", e => e.Operation),
            String<RequestEvent>("provider", e => e.Provider),
            String<RequestEvent>("status", e => RequestStatusNames.Of(e.Status)),
            String<RequestEvent>("error_type", e => e.ErrorType),
            NullableInt64<RequestEvent>("input_tokens", e => e.InputTokens),
            NullableInt64<RequestEvent>("output_tokens", e => e.OutputTokens),
            NullableInt64<RequestEvent>("cached_input_tokens", e => e.CachedInputTokens),
            NullableFloat64<RequestEvent>("ttft_seconds", e => e.TtftSeconds),
            NullableFloat64<RequestEvent>("inter_token_seconds", e => e.InterTokenSeconds),
            NullableFloat64<RequestEvent>("e2e_seconds", e => e.E2eSeconds),
            NullableFloat64<RequestEvent>("queue_seconds", e => e.QueueSeconds),
            String<RequestEvent>("cluster", e => e.Cluster),
            String<RequestEvent>("namespace", e => e.Namespace),
            String<RequestEvent>("pod", e => e.Pod),
            String<RequestEvent>("node", e => e.Node),
            String<RequestEvent>("gpu_uuid", e => e.GpuUuid),
        ]);

    private static byte[][] Encoded<T>(ConditionalWeakTable<T, byte[][]> cache, T identity, IReadOnlyList<IdentityColumn<T>> columns)
        where T : class
    {
        // Looked up first without a factory: a capturing factory would allocate on every row.
        if (cache.TryGetValue(identity, out var known))
        {
            return known;
        }

        using var scratch = new BinaryBuffer(4096);
        var encoded = new byte[columns.Count][];
        for (var i = 0; i < columns.Count; i++)
        {
            scratch.Reset();
            scratch.String(columns[i].Get(identity));
            encoded[i] = scratch.Written.ToArray();
        }

        return cache.GetValue(identity, _ => encoded);
    }
}
