using System.Globalization;
using DuckDB.NET.Data;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// Switches DuckDB's memory limit between two values: the query limit while any query or analytics write runs, and
/// the idle limit otherwise. DuckDB keeps every block it has written or read cached up to its limit (80 % of RAM by
/// default), so a collector that only appends would grow with its file; lowering the limit when the last query ends
/// evicts those blocks (rows not yet checkpointed stay: DuckDB cannot evict them), and the next query gets the full
/// limit back. The limit is one setting of the database, so the switch is counted across concurrent queries.
/// </summary>
internal sealed class QueryMemory(string? memoryLimit, string idleLimit)
{
    private readonly Lock _sync = new();
    private int _active;

    /// <summary><c>Store.MemoryLimit</c> as written, or DuckDB's default as read at start.</summary>
    private string _queryLimit = string.IsNullOrWhiteSpace(memoryLimit) ? "" : memoryLimit;

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
                // RESET would show DuckDB's default limit again but leave its buffer pool at the lower one (a checkpoint
                // then failed at the idle limit during a query), so the default is read while in force and set by value.
                if (_queryLimit.Length == 0)
                {
                    _queryLimit = CurrentLimit(connection);
                }

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
                Set(connection, _queryLimit);
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
    /// Sets the limit as written: DuckDB shows a limit truncated to one decimal, and setting what it shows lowers it
    /// ("1GB" shows as 953.6 MiB, which set shows as 953.5 MiB), so a configured limit is kept as configured.
    /// </summary>
    private static void Set(DuckDBConnection connection, string limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SET GLOBAL memory_limit = '{limit.Replace("'", "''", StringComparison.Ordinal)}'";
        command.ExecuteNonQuery();
    }

    private static string CurrentLimit(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('memory_limit')";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }
}
