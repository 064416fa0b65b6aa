using DuckDB.NET.Data;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// Cost attribution's tables. They are written by the allocation job, not by the batching writer, so they live
/// outside <see cref="DuckDbSchema.DataTables"/> and its catalogue checks.
/// </summary>
internal static class CostSchema
{
    public const string PriceBooks = "price_book_versions";
    public const string Allocations = "cost_allocations";
    public const string Revisions = "chargeback_revisions";
    public const string FrozenLines = "chargeback_lines";

    /// <summary>Money is DECIMAL(38,10): exact sums, and 10 places keep sub-cent splits of a GPU-second exact enough to round once at the end.</summary>
    public const string MoneyType = "DECIMAL(38,10)";

    public const string AllocationColumns =
        "hour, kind, tenant, model, namespace, deployment, cost, gpu_hours, requests, input_tokens, output_tokens, " +
        "cached_input_tokens, mean_util_pct, price_book_version";

    public static void Create(DuckDBConnection connection)
    {
        SchemaMigrations.Execute(
            connection,
            $"CREATE TABLE IF NOT EXISTS {PriceBooks} (version INTEGER PRIMARY KEY, loaded_at TIMESTAMP NOT NULL, " +
            "sha256 VARCHAR NOT NULL, source VARCHAR NOT NULL, loaded_by VARCHAR NOT NULL, reason VARCHAR NOT NULL, text VARCHAR NOT NULL)");
        SchemaMigrations.Execute(
            connection,
            $"CREATE TABLE IF NOT EXISTS {Allocations} (hour TIMESTAMP NOT NULL, kind VARCHAR NOT NULL, tenant VARCHAR NOT NULL, " +
            "model VARCHAR NOT NULL, namespace VARCHAR NOT NULL, deployment VARCHAR NOT NULL, " +
            $"cost {MoneyType} NOT NULL, gpu_hours DOUBLE NOT NULL, requests BIGINT NOT NULL, input_tokens BIGINT NOT NULL, " +
            "output_tokens BIGINT NOT NULL, cached_input_tokens BIGINT NOT NULL, mean_util_pct DOUBLE, price_book_version INTEGER NOT NULL)");
        SchemaMigrations.Execute(
            connection,
            $"CREATE TABLE IF NOT EXISTS {Revisions} (month VARCHAR NOT NULL, revision INTEGER NOT NULL, created_at TIMESTAMP NOT NULL, " +
            "created_by VARCHAR NOT NULL, reason VARCHAR NOT NULL, price_book_version INTEGER NOT NULL, PRIMARY KEY (month, revision))");
        SchemaMigrations.Execute(
            connection,
            $"CREATE TABLE IF NOT EXISTS {FrozenLines} (month VARCHAR NOT NULL, revision INTEGER NOT NULL, seq INTEGER NOT NULL, " +
            $"hour TIMESTAMP NOT NULL, kind VARCHAR NOT NULL, tenant VARCHAR NOT NULL, model VARCHAR NOT NULL, namespace VARCHAR NOT NULL, " +
            $"deployment VARCHAR NOT NULL, cost {MoneyType} NOT NULL, gpu_hours DOUBLE NOT NULL, requests BIGINT NOT NULL, " +
            "input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL, cached_input_tokens BIGINT NOT NULL, mean_util_pct DOUBLE, " +
            "price_book_version INTEGER NOT NULL)");
    }
}
