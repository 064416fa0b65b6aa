namespace Observability.Ingest.Contract;

/// <summary>
/// Where producers (scrapers, receivers) hand their rows. Waiting in <see cref="WriteAsync"/>
/// is the back-pressure signal: a full pipeline slows producers down instead of losing rows.
/// </summary>
public interface IRowSink
{
    ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken);
}
