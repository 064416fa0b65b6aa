namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// One table's rows of a batch, checked and cut into INSERTs before anything is sent. Each chunk holds rows of one
/// month only (one partition) and at most the configured row count (one block), so the server stores each chunk as
/// one part: whole or not at all (one Native block per INSERT). The cut is deterministic, so a replay of the same batch yields the same chunks
/// with the same numbers, which is what lets a resumed write skip exactly the chunks already stored.
/// </summary>
internal sealed class TableRows<T> : ITableRows
{
    private readonly int[]? _order;

    public TableRows(TableWriter<T> writer, List<T> rows, int maxRowsPerInsert)
        : this(writer, rows, new ChunkPolicy(maxRowsPerInsert, 1))
    {
    }

    public TableRows(TableWriter<T> writer, List<T> rows, ChunkPolicy policy)
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
        var monthStart = 0;
        while (monthStart < rows.Count)
        {
            var monthEnd = monthStart;
            var month = months[Index(monthStart)];
            while (monthEnd < rows.Count && months[Index(monthEnd)] == month)
            {
                monthEnd++;
            }

            var size = policy.RowsPerChunk(monthEnd - monthStart);
            for (var start = monthStart; start < monthEnd; start += size)
            {
                chunks.Add((start, Math.Min(size, monthEnd - start)));
            }

            monthStart = monthEnd;
        }

        Chunks = chunks;
        if (rows.Count > 0)
        {
            MinSeconds = Timestamps.Seconds(Micros.Min());
            MaxSeconds = Timestamps.Seconds(Micros.Max());
        }
    }

    public TableWriter<T> Writer { get; }

    public Schema.ChTable Table => Writer.Table;

    public int Count => Rows.Count;

    public List<T> Rows { get; }

    public long[] Micros { get; }

    public IReadOnlyList<(int Start, int Count)> Chunks { get; }

    public uint MinSeconds { get; }

    public uint MaxSeconds { get; }

    /// <summary>The row at position <paramref name="k"/> of the month-grouped order.</summary>
    public int Index(int k) => _order is null ? k : _order[k];

    public IEnumerable<InsertJob> Jobs(string batchId)
    {
        for (var chunk = 0; chunk < Chunks.Count; chunk++)
        {
            var (start, count) = Chunks[chunk];
            var number = (uint)chunk;
            yield return new InsertJob(Table, number, count, async (buffer, stream, ct) =>
            {
                // The chunk's rows are gathered when it is sent, so only the INSERTs in flight hold copies.
                using var native = Writer.Chunk(count, batchId, number, c =>
                {
                    for (var k = 0; k < count; k++)
                    {
                        var i = Index(start + k);
                        c.Rows[k] = Rows[i];
                        c.Micros[k] = Micros[i];
                    }
                });
                await Writer.WriteBlockAsync(buffer, native, stream, ct).ConfigureAwait(false);
            });
        }
    }
}
