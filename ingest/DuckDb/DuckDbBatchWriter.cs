using DuckDB.NET.Data;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// Writes a <see cref="RowBatch"/> with DuckDB's appender inside one transaction: the appender skips SQL parsing and
/// binds values straight into column vectors, and the transaction makes the batch all-or-nothing across tables.
/// </summary>
internal static class DuckDbBatchWriter
{
    /// <summary>Writes the batch; returns false, writing nothing, when a batch with the same id is already stored.</summary>
    public static bool Write(DuckDBConnection connection, RowBatch batch, DateTime now)
    {
        var transaction = connection.BeginTransaction();
        try
        {
            if (batch.BatchId is { } id)
            {
                if (batch.MayBeStored && IsStored(connection, id))
                {
                    transaction.Rollback();
                    return false;
                }

                RecordBatch(connection, id, batch.RowCount, now);
            }

            Append(connection, DuckDbSchema.GpuSamples, batch.GpuSamples, AppendGpu);
            Append(connection, DuckDbSchema.ServingSamples, batch.ServingSamples, AppendServing);
            Append(connection, DuckDbSchema.ServingHistograms, batch.ServingHistograms, AppendHistogram);
            Append(connection, DuckDbSchema.RawSamples, batch.RawSamples, AppendRaw);
            Append(connection, DuckDbSchema.ScrapeStatus, batch.ScrapeStatuses, AppendStatus);
            Append(connection, DuckDbSchema.RequestEvents, batch.RequestEvents, AppendRequest);
            transaction.Commit();
            return true;
        }
        catch
        {
            RollBackUnlessEnded(transaction);
            throw;
        }
        finally
        {
            transaction.Dispose();
        }
    }

    /// <summary>
    /// A failed COMMIT has already ended the transaction (DuckDB rolls it back and DuckDB.NET marks it finished), so a
    /// second rollback throws "Transaction has already been finished" and would replace the error that says why.
    /// </summary>
    private static void RollBackUnlessEnded(DuckDBTransaction transaction)
    {
        try
        {
            transaction.Rollback();
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void Append<T>(DuckDBConnection connection, TableDefinition table, List<T> rows, Action<IDuckDBAppenderRow, T> fill)
    {
        if (rows.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender(table.Name);
        foreach (var row in rows)
        {
            var appenderRow = appender.CreateRow();
            fill(appenderRow, row);
            appenderRow.EndRow();
        }

        // Close flushes the buffered chunk; an error surfaces here, inside the transaction.
        appender.Close();
    }

    private static void AppendGpu(IDuckDBAppenderRow row, GpuSample sample)
    {
        row.AppendValue(Sql.ToStored(sample.Timestamp)).AppendValue(Text(sample.Target));
        foreach (var column in GpuIdentityColumns.All)
        {
            row.AppendValue(Text(column.Get(sample.Gpu)));
        }

        AppendDoubles(row, sample.Values);
    }

    private static void AppendServing(IDuckDBAppenderRow row, ServingSample sample)
    {
        row.AppendValue(Sql.ToStored(sample.Timestamp)).AppendValue(Text(sample.Target));
        foreach (var column in ServingIdentityColumns.All)
        {
            row.AppendValue(Text(column.Get(sample.Server)));
        }

        AppendDoubles(row, sample.Values);
    }

    private static void AppendHistogram(IDuckDBAppenderRow row, ServingHistogram h)
    {
        row.AppendValue(Sql.ToStored(h.Timestamp)).AppendValue(Text(h.Target));
        foreach (var column in ServingIdentityColumns.All)
        {
            row.AppendValue(Text(column.Get(h.Server)));
        }

        row.AppendValue(Text(h.Metric))
            .AppendValue<double>(h.UpperBounds ?? [])
            .AppendValue<double>(h.BucketCounts ?? []);
        AppendDouble(row, h.Count);
        AppendDouble(row, h.Sum);
    }

    private static void AppendRaw(IDuckDBAppenderRow row, RawSample s)
    {
        row.AppendValue(Sql.ToStored(s.Timestamp)).AppendValue(Text(s.Target))
            .AppendValue(Text(s.Name)).AppendValue(Text(s.Labels));
        AppendDouble(row, s.Value);
    }

    private static void AppendStatus(IDuckDBAppenderRow row, ScrapeStatus s)
    {
        row.AppendValue(Sql.ToStored(s.Timestamp)).AppendValue(Text(s.Target))
            .AppendValue(Text(s.Job)).AppendValue(s.Up);
        AppendDouble(row, s.DurationSeconds);
        row.AppendValue(s.Samples).AppendValue(Text(s.Error));
    }

    private static void AppendRequest(IDuckDBAppenderRow row, RequestEvent e)
    {
        row.AppendValue(Sql.ToStored(e.Timestamp)).AppendValue(Text(e.RequestId)).AppendValue(Text(e.Tenant))
            .AppendValue(Text(e.Model)).AppendValue(Text(e.Deployment)).AppendValue(Text(e.Route))
            .AppendValue(Text(e.Operation)).AppendValue(Text(e.Provider)).AppendValue(RequestStatusNames.Of(e.Status))
            .AppendValue(Text(e.ErrorType))
            .AppendValue(e.InputTokens).AppendValue(e.OutputTokens).AppendValue(e.CachedInputTokens);
        AppendDouble(row, e.TtftSeconds);
        AppendDouble(row, e.InterTokenSeconds);
        AppendDouble(row, e.E2eSeconds);
        AppendDouble(row, e.QueueSeconds);
        row.AppendValue(Text(e.Cluster)).AppendValue(Text(e.Namespace)).AppendValue(Text(e.Pod))
            .AppendValue(Text(e.Node)).AppendValue(Text(e.GpuUuid));
    }

    private static bool IsStored(DuckDBConnection connection, string batchId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {DuckDbSchema.IngestBatches.Quoted} WHERE batch_id = $id";
        command.Parameters.Add(new DuckDBParameter("id", batchId));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void RecordBatch(DuckDBConnection connection, string batchId, int rows, DateTime now)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {DuckDbSchema.IngestBatches.Quoted} VALUES ($id, $rows, $now)";
        command.Parameters.Add(new DuckDBParameter("id", batchId));
        command.Parameters.Add(new DuckDBParameter("rows", rows));
        command.Parameters.Add(new DuckDBParameter("now", Sql.ToStored(now)));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// DuckDB stores NUL characters, but DuckDB.NET hands strings to it as C strings, which would silently cut the
    /// value at the first NUL. Replacing NUL with U+FFFD keeps the rest of the value and makes the change visible.
    /// </summary>
    internal static string Text(string? value) =>
        value is null ? string.Empty : value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    private static void AppendDoubles(IDuckDBAppenderRow row, double[] values)
    {
        foreach (var value in values)
        {
            AppendDouble(row, value);
        }
    }

    /// <summary>NaN means absent in the domain rows; NULL keeps it out of SQL aggregates, where NaN would poison them.</summary>
    private static void AppendDouble(IDuckDBAppenderRow row, double value)
    {
        if (double.IsNaN(value))
        {
            row.AppendNullValue();
        }
        else
        {
            row.AppendValue(value);
        }
    }
}
