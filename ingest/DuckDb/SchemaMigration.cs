using DuckDB.NET.Data;

namespace Observability.Ingest.DuckDb;

/// <summary>One schema step. <see cref="Apply"/> runs inside the transaction that records the version.</summary>
internal sealed record SchemaMigration(int Version, string Description, Action<DuckDBConnection> Apply);
