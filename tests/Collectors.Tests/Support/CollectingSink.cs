using System.Collections.Concurrent;
using Observability.Ingest.Contract;

namespace Observability.Collectors.Tests.Support;

/// <summary>Keeps every batch handed to it: the scheduler's output, for assertions.</summary>
internal sealed class CollectingSink : IRowSink
{
    public ConcurrentQueue<RowBatch> Batches { get; } = new();

    public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        Batches.Enqueue(batch);
        return ValueTask.CompletedTask;
    }

    public int ScrapesOf(Uri url) => Batches.Count(b => b.ScrapeStatuses.Any(s => s.Target == url.ToString()));
}
