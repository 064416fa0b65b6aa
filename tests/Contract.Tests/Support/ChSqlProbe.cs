using Observability.ClickHouseStore;

namespace Observability.Contract.Tests.Support;

/// <summary>Direct SQL against a ClickHouse store's server, to check what is physically stored.</summary>
internal static class ChSqlProbe
{
    /// <summary>The first column of every row, as text.</summary>
    public static async Task<List<string>> ColumnAsync(ClickHouseTelemetryStore store, string select)
    {
        var result = await store.Connection.QueryAsync(select, CancellationToken.None);
        var values = new List<string>();
        while (result.NextRow())
        {
            values.Add(result.String());
        }

        return values;
    }

    public static async Task<long> CountAsync(ClickHouseTelemetryStore store, string select) =>
        long.Parse(Assert.Single(await ColumnAsync(store, select)), System.Globalization.CultureInfo.InvariantCulture);

    public static string Table(ClickHouseTelemetryStore store, string name) => store.Topology.Table(name);
}
