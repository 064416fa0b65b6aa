using DuckDB.NET.Data;
using Observability.Ingest.Contract;

namespace Observability.Ingest.DuckDb;

/// <summary>The store's SLO and alert-state part: indicator counts computed by DuckDB, results history and alert states.</summary>
public sealed partial class DuckDbTelemetryStore : ISloStore, IAlertStateStore
{
    public async Task<IReadOnlyList<SliCounts>> QuerySliCountsAsync(SliQuery query, TimeRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = SliSql.Build(query, bucketSeconds: null);
        return await ReadAsync(
            c => RangeQuery.Read(c, sql.Text, range, r => new SliCounts(Sql.ReadString(r, 1), r.GetDouble(2), r.GetDouble(3)), [.. sql.Parameters]),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SliBucketCounts>> QuerySliSeriesAsync(SliQuery query, TimeRange range, TimeSpan bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var seconds = (long)bucket.TotalSeconds;
        if (seconds < 1 || bucket.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "a bucket is a whole number of seconds, at least one");
        }

        var sql = SliSql.Build(query, seconds);
        return await ReadAsync(
            c => RangeQuery.Read(
                c,
                sql.Text,
                range,
                r => new SliBucketCounts(DateTime.UnixEpoch.AddSeconds(r.GetInt64(0)), Sql.ReadString(r, 1), r.GetDouble(2), r.GetDouble(3)),
                [.. sql.Parameters]),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<double[]>> QueryHistogramBoundsAsync(string metric, IReadOnlyList<string> models, TimeRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        var parameters = new List<DuckDBParameter> { new("metric", metric) };
        var modelFilter = string.Empty;
        if (models.Count > 0)
        {
            modelFilter = $" AND {ServingIdentityColumns.Model} IN ({string.Join(", ", models.Select((_, i) => "$m" + i))})";
            parameters.AddRange(models.Select((m, i) => new DuckDBParameter("m" + i, m)));
        }

        var text = $"SELECT DISTINCT upper_bounds FROM {DuckDbSchema.ServingHistograms.Quoted} " +
                   $"WHERE {RangeQuery.Where} AND metric = $metric{modelFilter}";
        var layouts = await ReadAsync(c => RangeQuery.Read(c, text, range, r => Sql.ReadDoubles(r, 0), [.. parameters]), cancellationToken).ConfigureAwait(false);
        return [.. layouts.OrderBy(l => string.Join(",", l.Select(b => b.ToString("R", System.Globalization.CultureInfo.InvariantCulture))), StringComparer.Ordinal)];
    }

    public Task WriteSloResultsAsync(IReadOnlyList<SloResultRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return WriteWithAsync(c => SloStateSql.AppendResults(c, rows), cancellationToken);
    }

    public async Task<IReadOnlyList<SloResultRow>> ReadSloResultsAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => SloStateSql.ReadResults(c, range), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<AlertStateRow>> LoadAlertStatesAsync(CancellationToken cancellationToken) =>
        await ReadAsync(SloStateSql.ReadAlertStates, cancellationToken).ConfigureAwait(false);

    public Task SaveAlertStatesAsync(IReadOnlyList<AlertStateRow> upserts, IReadOnlyList<string> deletes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        return WriteWithAsync(c => SloStateSql.SaveAlertStates(c, upserts, deletes), cancellationToken);
    }

    /// <summary>Runs a write on the primary connection behind the gate, as batch writes do.</summary>
    private async Task WriteWithAsync(Action<DuckDBConnection> write, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WithQueryMemory(EnsureOpen(), c =>
            {
                write(c);
                return true;
            });
        }
        finally
        {
            _gate.Release();
        }
    }
}
