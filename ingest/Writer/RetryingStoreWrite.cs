using Microsoft.Extensions.Logging;
using Observability.Ingest.Contract;

namespace Observability.Ingest.Writer;

/// <summary>
/// One write cycle: up to <see cref="BatchingWriterOptions.MaxWriteAttempts"/> attempts with doubling waits, timed by
/// the <see cref="TimeProvider"/> so tests can step through them. Failures are returned, not thrown: the writer
/// decides what happens to the rows.
/// </summary>
internal sealed class RetryingStoreWrite(
    ITelemetryStore store,
    BatchingWriterOptions options,
    TimeProvider timeProvider,
    ILogger logger,
    WriterInstruments instruments)
{
    /// <returns>null when the batch was written; otherwise the last attempt's exception.</returns>
    public async Task<Exception?> WriteAsync(RowBatch batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Not cancellable: once taken from the buffer, the rows must either land or go back.
                await store.WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex)
            {
                // Any failure is retried: an unexpected exception type must not cost the rows. The failed write may
                // have landed before its error, so from now on the store looks the batch id up.
                batch.MayBeStored = true;
                instruments.WriteError();
                if (attempt >= options.MaxWriteAttempts)
                {
                    return ex;
                }

                var delay = RetryDelay(options, attempt);
                WriterLog.WriteRetrying(logger, ex, batch.RowCount, store.Name, attempt, options.MaxWriteAttempts, delay);
                await Task.Delay(delay, timeProvider).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The wait after <paramref name="failedAttempts"/> failures: initial × 2^(n−1), capped.</summary>
    public static TimeSpan RetryDelay(BatchingWriterOptions options, int failedAttempts)
    {
        var delay = options.InitialRetryDelay;
        for (var i = 1; i < failedAttempts && delay < options.MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }
}
