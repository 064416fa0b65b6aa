using DuckDB.NET.Data;
using Observability.Ingest.DuckDb;

namespace Observability.Ingest.Tests.Support;

/// <summary>Direct SQL against a store's database, to check what is physically stored (NULL vs NaN, column lists).</summary>
internal static class StoreSql
{
    public static Task<object?> ScalarAsync(DuckDbTelemetryStore store, string sql) =>
        store.ReadAsync(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = sql;
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }, CancellationToken.None);

    public static Task<long> CountAsync(DuckDbTelemetryStore store, string sql) =>
        ScalarAsync(store, sql).ContinueWith(t => Convert.ToInt64(t.Result, System.Globalization.CultureInfo.InvariantCulture), TaskScheduler.Default);

    public static Task ExecuteAsync(DuckDbTelemetryStore store, string sql) =>
        store.ReadAsync(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        }, CancellationToken.None);

    public static Task<List<string>> ColumnsAsync(DuckDbTelemetryStore store, string table) =>
        store.ReadAsync(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "SELECT column_name FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position";
            command.Parameters.Add(new DuckDBParameter("t", table));
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }, CancellationToken.None);

    public static DuckDbTelemetryStore InMemory() => new(new DuckDbStoreOptions { DataSource = ":memory:" });
}
