using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore.Writing;

/// <summary>One INSERT of a batch: a table, its chunk number, and how to write its rows as one Native block through a buffer into a stream.</summary>
internal sealed record InsertJob(ChTable Table, uint Chunk, int Rows, Func<BinaryBuffer, Stream, CancellationToken, Task> WriteRows);

/// <summary>A table's rows of a batch, whatever their row type: what the inserter needs to send and resume them.</summary>
internal interface ITableRows
{
    ChTable Table { get; }

    int Count { get; }

    uint MinSeconds { get; }

    uint MaxSeconds { get; }

    IEnumerable<InsertJob> Jobs(string batchId);
}
