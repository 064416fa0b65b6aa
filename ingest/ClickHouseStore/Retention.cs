using System.Globalization;
using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore;

/// <summary>One monthly partition of one table, e.g. <c>gpu_samples</c> 202503.</summary>
public sealed record DroppedPartition(string Table, int Month);

/// <summary>
/// Retention by whole months: every table is partitioned by month, so expiring data is an
/// <c>ALTER TABLE … DROP PARTITION</c> per old month (a metadata operation), never a row-by-row delete.
/// Rollups and the batch ledger are partitioned the same way and expire with the rows.
/// </summary>
internal static class Retention
{
    private static readonly ChTable[] Tables =
        [.. ChSchema.DataTables, .. Rollups.All.Select(r => r.Table), ChSchema.IngestBatches];

    public static async Task<IReadOnlyList<DroppedPartition>> DropBeforeAsync(
        ChConnection connection, Topology topology, int firstMonthToKeep, CancellationToken ct)
    {
        var names = string.Join(", ", Tables.Select(t => ChSql.Literal(topology.StorageName(t.Name))));
        // On a cluster each shard holds its own parts: ask every node's system.parts.
        var parts = topology.IsCluster ? $"cluster({ChSql.Literal(topology.Cluster!)}, system, parts)" : "system.parts";
        var result = (await connection.QueryAsync(
                $"SELECT DISTINCT table, partition FROM {parts} WHERE database = {ChSql.Literal(topology.Database)} AND active " +
                $"AND table IN ({names}) ORDER BY table, partition", ct).ConfigureAwait(false))
            .Expect(["table", "partition"]);
        var old = new List<(string Table, int Month)>();
        while (result.NextRow())
        {
            var table = result.String();
            if (int.TryParse(result.String(), NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month < firstMonthToKeep)
            {
                old.Add((table, month));
            }
        }

        var dropped = new List<DroppedPartition>();
        foreach (var (table, month) in old)
        {
            await connection.ExecuteAsync(
                $"ALTER TABLE {ChSql.Ident(topology.Database)}.{ChSql.Ident(table)}{topology.OnCluster} DROP PARTITION {month}", ct).ConfigureAwait(false);
            var logical = topology.IsCluster && table.EndsWith(Topology.LocalSuffix, StringComparison.Ordinal)
                ? table[..^Topology.LocalSuffix.Length]
                : table;
            dropped.Add(new DroppedPartition(logical, month));
        }

        return dropped;
    }
}
