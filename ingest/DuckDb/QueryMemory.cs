using DuckDB.NET.Data;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// Switches DuckDB's memory limit between two values: the query limit while any query or analytics write runs, and
/// the idle limit otherwise. DuckDB keeps every block it has written or read cached up to its limit (80 % of RAM by
/// default), so a collector that only appends would grow with its file; lowering the limit when the last query ends
/// evicts those blocks (uncheckpointed rows go to DuckDB's temporary directory), and the next query gets the full
/// limit back. The limit is one setting of the database, so the switch is counted across concurrent queries.
/// </summary>
internal sealed class QueryMemory(string? queryLimit, string idleLimit)
{
    private readonly Lock _sync = new();
    private int _active;

    /// <summary>Lowers the limit of a database just opened (at the query limit) to the idle limit.</summary>
    public void Start(DuckDBConnection connection)
    {
        lock (_sync)
        {
            if (_active > 0)
            {
                return;
            }

            try
            {
                Set(connection, idleLimit);
            }
            catch (DuckDBException e)
            {
                throw new InvalidOperationException($"idle memory limit '{idleLimit}': {e.Message}", e);
            }
        }
    }

    /// <summary>Raises the limit for a query; pair with <see cref="Exit"/>.</summary>
    public void Enter(DuckDBConnection connection)
    {
        lock (_sync)
        {
            if (_active++ == 0)
            {
                Set(connection, queryLimit);
            }
        }
    }

    public void Exit(DuckDBConnection connection)
    {
        lock (_sync)
        {
            if (--_active == 0)
            {
                try
                {
                    Set(connection, idleLimit);
                }
                catch (DuckDBException)
                {
                    // Not enough could be evicted (a write holds its blocks): the limit stays at the query limit until
                    // the next query ends, which tries again. Nothing is lost, only memory held for longer.
                }
            }
        }
    }

    /// <summary>
    /// Sets the limit as written: DuckDB shows a limit truncated to one decimal, so reading it back and setting that
    /// would lower it a little each time. Null is DuckDB's own default, restored by RESET.
    /// </summary>
    private static void Set(DuckDBConnection connection, string? limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = limit is null
            ? "RESET GLOBAL memory_limit"
            : $"SET GLOBAL memory_limit = '{limit.Replace("'", "''", StringComparison.Ordinal)}'";
        command.ExecuteNonQuery();
    }
}
