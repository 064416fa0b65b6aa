namespace Observability.Ingest.DuckDb;

/// <summary>One string column taken from an identity record (who a row is about).</summary>
internal sealed record IdentityColumn<T>(string Name, Func<T, string> Get);
