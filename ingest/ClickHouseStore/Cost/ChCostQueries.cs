using Observability.ClickHouseStore.Reading;
using Observability.ClickHouseStore.Schema;
using Observability.ClickHouseStore.Writing;
using Observability.Ingest.Contract;

namespace Observability.ClickHouseStore.Cost;

/// <summary>Cost attribution's reads and writes on ClickHouse, in SQL that 18.16 and current releases both accept.</summary>
internal sealed class ChCostQueries(ChConnection connection, Topology topology)
{
    private const decimal Scale = 10_000_000_000m;

    private static readonly string[] GpuHourNames =
        ["hour_s", "cluster", "node", "uuid", "mig_instance_id", "mig_profile", "model_name", "namespace", "pod", "slots", "util", "energy"];

    private static readonly string[] RequestHourNames =
        ["hour_s", "namespace", "deployment", "pod", "model", "tenant", "n_requests", "in_tokens", "out_tokens", "cached_tokens"];

    public async Task<List<GpuHourUsage>> GpuHoursAsync(TimeRange range, TimeSpan slot, CancellationToken ct)
    {
        var slotMicros = (long)(slot.Ticks / 10);
        var keys = "hour_s, cluster, node, uuid, mig_instance_id, mig_profile, model_name, namespace, pod";
        var sql =
            $"SELECT toInt64(toUnixTimestamp(toStartOfHour(ts))) AS hour_s, cluster, node, uuid, mig_instance_id, mig_profile, model_name, namespace, pod, " +
            $"toInt64(uniqExact(intDiv(ts_us, {ChSql.Number(slotMicros)}))) AS slots, avg(gpu_util_pct) AS util, sum(ifNull(energy_mj, 0)) AS energy " +
            $"FROM {topology.Table(ChSchema.GpuSamples.Name)} WHERE {RangeFilter.Where(range)} GROUP BY {keys} ORDER BY {keys}";
        var r = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect(GpuHourNames);
        var rows = new List<GpuHourUsage>();
        while (r.NextRow())
        {
            rows.Add(new GpuHourUsage(
                Hour(r.Int64()), r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.String(),
                (int)r.Int64(), r.Double(), r.Double()));
        }

        return rows;
    }

    public async Task<List<RequestHourUsage>> RequestHoursAsync(TimeRange range, CancellationToken ct)
    {
        var keys = "hour_s, namespace, deployment, pod, model, tenant";
        var sql =
            "SELECT toInt64(toUnixTimestamp(toStartOfHour(ts))) AS hour_s, namespace, deployment, pod, model, tenant, toInt64(count()) AS n_requests, " +
            "toInt64(sum(ifNull(input_tokens, 0))) AS in_tokens, toInt64(sum(ifNull(output_tokens, 0))) AS out_tokens, " +
            "toInt64(sum(ifNull(cached_input_tokens, 0))) AS cached_tokens " +
            $"FROM {topology.Table(ChSchema.RequestEvents.Name)} WHERE {RangeFilter.Where(range)} AND status != 'rejected' GROUP BY {keys} ORDER BY {keys}";
        var r = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect(RequestHourNames);
        var rows = new List<RequestHourUsage>();
        while (r.NextRow())
        {
            rows.Add(new RequestHourUsage(Hour(r.Int64()), r.String(), r.String(), r.String(), r.String(), r.String(), r.Int64(), r.Int64(), r.Int64(), r.Int64()));
        }

        return rows;
    }

    public async Task<List<PriceBookVersion>> PriceBooksAsync(CancellationToken ct)
    {
        var r = (await connection.QueryAsync(
            "SELECT toInt64(version) AS v, toInt64(toUnixTimestamp(loaded_at)) AS at, sha256, source, loaded_by, reason, text " +
            $"FROM {topology.Table(CostTables.PriceBooks.Name)} ORDER BY version", ct).ConfigureAwait(false))
            .Expect(["v", "at", "sha256", "source", "loaded_by", "reason", "text"]);
        var rows = new List<PriceBookVersion>();
        while (r.NextRow())
        {
            rows.Add(new PriceBookVersion((int)r.Int64(), Hour(r.Int64()), r.String(), r.String(), r.String(), r.String(), r.String()));
        }

        return rows;
    }

    public async Task<int> AddPriceBookAsync(PriceBookVersion document, CancellationToken ct)
    {
        var version = (int)await NextAsync($"SELECT toInt64(max(version)) + 1 AS next FROM {topology.Table(CostTables.PriceBooks.Name)}", ct).ConfigureAwait(false);
        await InsertAsync(CostTables.PriceBooks, b =>
        {
            b.Int32(version);
            b.UInt32(Seconds(document.LoadedAt));
            b.String(document.Sha256);
            b.String(document.Source);
            b.String(document.LoadedBy);
            b.String(document.Reason);
            b.String(document.Text);
        }, ct).ConfigureAwait(false);
        return version;
    }

    /// <summary>Writes the lines under a new run number, then the run row that makes them the hours' current lines.</summary>
    public async Task ReplaceAllocationsAsync(TimeRange range, IReadOnlyList<CostAllocationLine> lines, CancellationToken ct)
    {
        foreach (var line in lines)
        {
            if (!range.Contains(line.Hour))
            {
                throw new ArgumentException($"allocation line at {line.Hour:O} lies outside the replaced range", nameof(lines));
            }
        }

        var run = (ulong)await NextAsync($"SELECT toInt64(max(run)) + 1 AS next FROM {topology.Table(CostTables.Runs.Name)}", ct).ConfigureAwait(false);
        if (lines.Count > 0)
        {
            await InsertAsync(CostTables.Allocations, lines, (b, l) =>
            {
                b.UInt64(run);
                WriteLine(b, l);
            }, ct).ConfigureAwait(false);
        }

        await InsertAsync(CostTables.Runs, b =>
        {
            b.UInt64(run);
            b.UInt32(ClampedSeconds(range.From));
            b.UInt32(ClampedSeconds(range.To));
        }, ct).ConfigureAwait(false);
    }

    /// <summary>For each hour, the lines of the newest run that covered it.</summary>
    public async Task<List<CostAllocationLine>> AllocationsAsync(TimeRange range, CancellationToken ct)
    {
        var (from, to) = (ClampedSeconds(range.From), ClampedSeconds(range.To));
        var runs = await connection.QueryAsync(
            "SELECT toInt64(run) AS run_id, toInt64(toUnixTimestamp(from_hour)) AS f, toInt64(toUnixTimestamp(to_hour)) AS t " +
            $"FROM {topology.Table(CostTables.Runs.Name)} WHERE from_hour < toDateTime({to}) AND to_hour > toDateTime({from}) ORDER BY run", ct).ConfigureAwait(false);
        runs.Expect(["run_id", "f", "t"]);
        var spans = new List<(long Run, long From, long To)>();
        while (runs.NextRow())
        {
            spans.Add((runs.Int64(), runs.Int64(), runs.Int64()));
        }

        if (spans.Count == 0)
        {
            return [];
        }

        var r = (await connection.QueryAsync(
            $"SELECT toInt64(run) AS run_id, {CostTables.LineSelect} FROM {topology.Table(CostTables.Allocations.Name)} " +
            $"WHERE hour >= toDateTime({from}) AND hour < toDateTime({to}) AND run IN ({string.Join(", ", spans.Select(s => ChSql.Number(s.Run)))})", ct)
            .ConfigureAwait(false)).Expect(["run_id", .. CostTables.LineNames]);
        var current = new List<CostAllocationLine>();
        while (r.NextRow())
        {
            var run = r.Int64();
            var line = ReadLine(r);
            var seconds = (long)(line.Hour - DateTime.UnixEpoch).TotalSeconds;
            if (spans.Where(s => s.From <= seconds && seconds < s.To).Max(s => s.Run) == run)
            {
                current.Add(line);
            }
        }

        return [.. current
            .OrderBy(l => l.Hour).ThenBy(l => CostLineKindNames.Of(l.Kind), StringComparer.Ordinal).ThenBy(l => l.Tenant, StringComparer.Ordinal)
            .ThenBy(l => l.Model, StringComparer.Ordinal).ThenBy(l => l.Namespace, StringComparer.Ordinal).ThenBy(l => l.Deployment, StringComparer.Ordinal)];
    }

    /// <summary>Writes the frozen lines, then the revision row that makes them visible.</summary>
    public async Task<int> AddRevisionAsync(ChargebackRevision revision, IReadOnlyList<CostAllocationLine> lines, CancellationToken ct)
    {
        var number = (int)await NextAsync(
            $"SELECT toInt64(max(revision)) + 1 AS next FROM {topology.Table(CostTables.Revisions.Name)} WHERE month = {ChSql.Literal(revision.Month)}", ct).ConfigureAwait(false);

        // A revision number whose commit row never landed may have left lines behind: drop them before reusing it.
        await connection.ExecuteAsync(
            $"ALTER TABLE {topology.Storage(CostTables.FrozenLines.Name)}{topology.OnCluster} DELETE WHERE month = {ChSql.Literal(revision.Month)} AND revision = {number}", ct)
            .ConfigureAwait(false);
        var seq = 0;
        var numbered = lines.Select(l => (Seq: seq++, Line: l)).ToList();
        if (numbered.Count > 0)
        {
            await InsertAsync(CostTables.FrozenLines, numbered, (b, x) =>
            {
                b.String(revision.Month);
                b.Int32(number);
                b.Int32(x.Seq);
                WriteLine(b, x.Line);
            }, ct).ConfigureAwait(false);
        }

        await InsertAsync(CostTables.Revisions, b =>
        {
            b.String(revision.Month);
            b.Int32(number);
            b.UInt32(Seconds(revision.CreatedAt));
            b.String(revision.CreatedBy);
            b.String(revision.Reason);
            b.Int32(revision.PriceBookVersion);
        }, ct).ConfigureAwait(false);
        return number;
    }

    public async Task<List<ChargebackRevision>> RevisionsAsync(string month, CancellationToken ct)
    {
        var r = (await connection.QueryAsync(
            "SELECT month, toInt64(revision) AS rev, toInt64(toUnixTimestamp(created_at)) AS at, created_by, reason, toInt64(price_book_version) AS book " +
            $"FROM {topology.Table(CostTables.Revisions.Name)} WHERE month = {ChSql.Literal(month)} ORDER BY revision", ct).ConfigureAwait(false))
            .Expect(["month", "rev", "at", "created_by", "reason", "book"]);
        var rows = new List<ChargebackRevision>();
        while (r.NextRow())
        {
            rows.Add(new ChargebackRevision(r.String(), (int)r.Int64(), Hour(r.Int64()), r.String(), r.String(), (int)r.Int64()));
        }

        return rows;
    }

    public async Task<List<CostAllocationLine>> FrozenLinesAsync(string month, int revision, CancellationToken ct)
    {
        var r = (await connection.QueryAsync(
            $"SELECT {CostTables.LineSelect} FROM {topology.Table(CostTables.FrozenLines.Name)} " +
            $"WHERE month = {ChSql.Literal(month)} AND revision = {revision} ORDER BY seq", ct).ConfigureAwait(false)).Expect(CostTables.LineNames);
        var rows = new List<CostAllocationLine>();
        while (r.NextRow())
        {
            rows.Add(ReadLine(r));
        }

        return rows;
    }

    private static CostAllocationLine ReadLine(TsvResult r) => new(
        Hour(r.Int64()), CostLineKindNames.Parse(r.String()), r.String(), r.String(), r.String(), r.String(),
        r.Int64() / Scale, r.Double(), r.Int64(), r.Int64(), r.Int64(), r.Int64(), r.Double(), (int)r.Int64());

    private static void WriteLine(BinaryBuffer b, CostAllocationLine l)
    {
        var units = l.Cost * Scale;
        if (units != decimal.Truncate(units))
        {
            throw new ArgumentException($"cost {l.Cost} has more than 10 decimal places, the ledger's precision", nameof(l));
        }

        b.UInt32(Seconds(l.Hour));
        b.String(CostLineKindNames.Of(l.Kind));
        b.String(l.Tenant);
        b.String(l.Model);
        b.String(l.Namespace);
        b.String(l.Deployment);
        b.Int64((long)units);
        b.Float64(l.GpuHours);
        b.Int64(l.Requests);
        b.Int64(l.InputTokens);
        b.Int64(l.OutputTokens);
        b.Int64(l.CachedInputTokens);
        b.NullableFloat64(l.MeanUtilPct);
        b.Int32(l.PriceBookVersion);
    }

    private async Task<long> NextAsync(string sql, CancellationToken ct)
    {
        var r = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect(["next"]);
        return r.NextRow() ? r.Int64() : 1;
    }

    private Task InsertAsync(ChTable table, Action<BinaryBuffer> write, CancellationToken ct) =>
        InsertAsync(table, [0], (b, _) => write(b), ct);

    private Task InsertAsync<T>(ChTable table, IReadOnlyList<T> rows, Action<BinaryBuffer, T> write, CancellationToken ct) =>
        connection.InsertRowsAsync(topology.Table(table.Name), table.ColumnList, rows, write, ct);


    private static DateTime Hour(long seconds) => DateTime.UnixEpoch.AddSeconds(seconds);

    private static uint Seconds(DateTime t) => Timestamps.Seconds(Timestamps.ToMicros(t));

    private static uint ClampedSeconds(DateTime t) => Timestamps.ClampedSeconds(Timestamps.ToMicros(t));
}
