namespace Observability.ClickHouseStore.Schema;

/// <summary>Reads the columns the server has, per table of the store's database (this server's view).</summary>
internal static class ChSchemaReader
{
    public static async Task<Dictionary<string, Dictionary<string, string>>> ColumnsAsync(ChConnection connection, string database, CancellationToken ct)
    {
        var result = (await connection.QueryAsync(
                $"SELECT table, name, type FROM system.columns WHERE database = {ChSql.Literal(database)}", ct).ConfigureAwait(false))
            .Expect(["table", "name", "type"]);
        var tables = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        while (result.NextRow())
        {
            var table = result.String();
            var name = result.String();
            var type = result.String();
            if (!tables.TryGetValue(table, out var columns))
            {
                tables[table] = columns = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            columns[name] = type;
        }

        return tables;
    }
}
