using Observability.ClickHouseStore.Reading;
using Observability.ClickHouseStore.Schema;
using Observability.ClickHouseStore.Writing;
using Observability.Ingest.Contract;

namespace Observability.ClickHouseStore;

/// <summary>The store's SLO and alert-state part: indicator counts computed by ClickHouse, results history and alert states.</summary>
public sealed partial class ClickHouseTelemetryStore : ISloStore, IAlertStateStore
{
    private static readonly string[] ResultNames = ["ts_us", "slo", "grp", "window", "total", "good", "sli", "burn_rate", "budget_remaining"];
    private static readonly string[] AlertNames = ["alert_key", "d", "s", "l", "a", "since", "fired", "resolved", "sent", "v"];
    private long _alertVersion;

    public async Task<IReadOnlyList<SliCounts>> QuerySliCountsAsync(SliQuery query, TimeRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var r = (await _connection.QueryAsync(SliQueries.Counts(query, _topology, range, null), cancellationToken).ConfigureAwait(false)).Expect(SliQueries.Names);
        var rows = new List<SliCounts>();
        while (r.NextRow())
        {
            _ = r.Int64();
            rows.Add(new SliCounts(r.String(), r.Double(), r.Double()));
        }

        return rows;
    }

    public async Task<IReadOnlyList<SliBucketCounts>> QuerySliSeriesAsync(SliQuery query, TimeRange range, TimeSpan bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var seconds = (long)bucket.TotalSeconds;
        if (seconds < 1 || bucket.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "a bucket is a whole number of seconds, at least one");
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var r = (await _connection.QueryAsync(SliQueries.Counts(query, _topology, range, seconds), cancellationToken).ConfigureAwait(false)).Expect(SliQueries.Names);
        var rows = new List<SliBucketCounts>();
        while (r.NextRow())
        {
            rows.Add(new SliBucketCounts(DateTime.UnixEpoch.AddSeconds(r.Int64()), r.String(), r.Double(), r.Double()));
        }

        return rows;
    }

    public async Task<IReadOnlyList<double[]>> QueryHistogramBoundsAsync(string metric, IReadOnlyList<string> models, TimeRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var r = (await _connection.QueryAsync(SliQueries.Bounds(metric, models, _topology, range), cancellationToken).ConfigureAwait(false)).Expect(["upper_bounds"]);
        var layouts = new List<double[]>();
        while (r.NextRow())
        {
            layouts.Add(r.DoubleArray());
        }

        return [.. layouts.OrderBy(l => string.Join(",", l.Select(b => b.ToString("R", System.Globalization.CultureInfo.InvariantCulture))), StringComparer.Ordinal)];
    }

    public async Task WriteSloResultsAsync(IReadOnlyList<SloResultRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return;
        }

        foreach (var row in rows)
        {
            Timestamps.ToStoredMicros(row.Timestamp, SloTables.SloResults.Name);
        }

        await InsertAsync(SloTables.SloResults, rows, (b, row) =>
        {
            var micros = Timestamps.ToMicros(row.Timestamp);
            b.UInt32(Timestamps.Seconds(micros));
            b.Int64(micros);
            b.String(row.Slo);
            b.String(row.Group);
            b.String(row.Window);
            b.Float64(row.Total);
            b.Float64(row.Good);
            b.NullableFloat64(row.Sli);
            b.NullableFloat64(row.BurnRate);
            b.NullableFloat64(row.BudgetRemaining);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SloResultRow>> ReadSloResultsAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var sql = $"SELECT ts_us, slo, grp, {ChSql.Ident("window")}, total, good, sli, burn_rate, budget_remaining " +
                  $"FROM {_topology.Table(SloTables.SloResults.Name)} WHERE {RangeFilter.Where(range)} " +
                  $"ORDER BY ts_us, slo, grp, {ChSql.Ident("window")}";
        var r = (await _connection.QueryAsync(sql, cancellationToken).ConfigureAwait(false)).Expect(ResultNames);
        var rows = new List<SloResultRow>();
        while (r.NextRow())
        {
            rows.Add(new SloResultRow(Timestamps.FromMicros(r.Int64()), r.String(), r.String(), r.String(), r.Double(), r.Double(), r.Double(), r.Double(), r.Double()));
        }

        return rows;
    }

    public async Task<IReadOnlyList<AlertStateRow>> LoadAlertStatesAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var sql = "SELECT alert_key, argMax(deleted, version) AS d, argMax(state, version) AS s, argMax(labels, version) AS l, " +
                  "argMax(annotations, version) AS a, argMax(active_since_us, version) AS since, argMax(fired_at_us, version) AS fired, " +
                  "argMax(resolved_at_us, version) AS resolved, argMax(last_sent_at_us, version) AS sent, max(version) AS v " +
                  $"FROM {_topology.Table(SloTables.AlertStates.Name)} GROUP BY alert_key ORDER BY alert_key";
        var r = (await _connection.QueryAsync(sql, cancellationToken).ConfigureAwait(false)).Expect(AlertNames);
        var rows = new List<AlertStateRow>();
        while (r.NextRow())
        {
            var key = r.String();
            var deleted = r.Int64() != 0;
            var row = new AlertStateRow(key, r.String(), r.String(), r.String(), Timestamps.FromMicros(r.Int64()), Time(r.Int64()), Time(r.Int64()), Time(r.Int64()));
            var version = r.Int64();
            Interlocked.Exchange(ref _alertVersion, Math.Max(Interlocked.Read(ref _alertVersion), version));
            if (!deleted)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>One INSERT (one block, so all or nothing on a server) of new versions: upserts, and tombstones for deletes.</summary>
    public async Task SaveAlertStatesAsync(IReadOnlyList<AlertStateRow> upserts, IReadOnlyList<string> deletes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var versions = new List<(AlertStateRow Row, bool Deleted, ulong Version)>();
        foreach (var key in deletes)
        {
            versions.Add((new AlertStateRow(key, string.Empty, "{}", "{}", DateTime.UnixEpoch, null, null, null), true, NextVersion()));
        }

        foreach (var row in upserts)
        {
            versions.Add((row, false, NextVersion()));
        }

        if (versions.Count == 0)
        {
            return;
        }

        await InsertAsync(SloTables.AlertStates, versions, (b, v) =>
        {
            b.String(v.Row.Key);
            b.UInt64(v.Version);
            b.UInt8(v.Deleted ? (byte)1 : (byte)0);
            b.String(v.Row.State);
            b.String(v.Row.Labels);
            b.String(v.Row.Annotations);
            b.Int64(Timestamps.ToMicros(v.Row.ActiveSince));
            b.Int64(Micros(v.Row.FiredAt));
            b.Int64(Micros(v.Row.ResolvedAt));
            b.Int64(Micros(v.Row.LastSentAt));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Versions grow with the clock and never repeat, also across restarts (loading raises the floor).</summary>
    private ulong NextVersion()
    {
        var now = Timestamps.ToMicros(Now());
        while (true)
        {
            var last = Interlocked.Read(ref _alertVersion);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _alertVersion, next, last) == last)
            {
                return (ulong)next;
            }
        }
    }

    private async Task InsertAsync<T>(ChTable table, IReadOnlyList<T> rows, Action<BinaryBuffer, T> encode, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _connection.InsertRowsAsync(_topology.Table(table.Name), table.ColumnList, rows, encode, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static long Micros(DateTime? t) => t is { } value ? Timestamps.ToMicros(value) : -1;

    private static DateTime? Time(long micros) => micros < 0 ? null : Timestamps.FromMicros(micros);
}
