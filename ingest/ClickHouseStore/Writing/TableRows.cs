namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// One table's rows of a batch, checked and cut into INSERTs before anything is sent. Each chunk holds rows of one
/// month only (one partition) and at most the configured row count (one block), so the server stores each chunk as
/// one part: whole or not at all. The cut is deterministic, so a replay of the same batch yields the same chunks
/// with the same numbers, which is what lets a resumed write skip exactly the chunks already stored.
/// </summary>
internal sealed class TableRows<T>
{
    private readonly int[]? _order;

    public TableRows(TableWriter<T> writer, List<T> rows, int maxRowsPerInsert)
    {
        Writer = writer;
        Rows = rows;
        Micros = new long[rows.Count];
        var months = new int[rows.Count];
        var sameMonth = true;
        for (var i = 0; i < rows.Count; i++)
        {
            Micros[i] = Timestamps.ToStoredMicros(writer.Timestamp(rows[i]), writer.Table.Name);
            months[i] = Timestamps.Month(Micros[i]);
            sameMonth &= months[i] == months[0];
        }

        // Rows of one month (the usual case) keep their order; otherwise they are grouped by month, stably.
        _order = sameMonth ? null : [.. Enumerable.Range(0, rows.Count).OrderBy(i => months[i])];
        var chunks = new List<(int Start, int Count)>();
        var start = 0;
        while (start < rows.Count)
        {
            var end = start;
            var month = months[Index(start)];
            while (end < rows.Count && end - start < maxRowsPerInsert && months[Index(end)] == month)
            {
                end++;
            }

            chunks.Add((start, end - start));
            start = end;
        }

        Chunks = chunks;
        if (rows.Count > 0)
        {
            MinSeconds = Timestamps.Seconds(Micros.Min());
            MaxSeconds = Timestamps.Seconds(Micros.Max());
        }
    }

    public TableWriter<T> Writer { get; }

    public List<T> Rows { get; }

    public long[] Micros { get; }

    public IReadOnlyList<(int Start, int Count)> Chunks { get; }

    public uint MinSeconds { get; }

    public uint MaxSeconds { get; }

    /// <summary>The row at position <paramref name="k"/> of the month-grouped order.</summary>
    public int Index(int k) => _order is null ? k : _order[k];
}
