namespace Observability.Ingest.Model;

/// <summary>
/// One column of the wide serving row (per model server, model and engine, per scrape).
/// Order is column order; append only, with <see cref="ServingFieldCatalog"/>.
/// </summary>
public enum ServingField
{
    RequestsRunning,
    RequestsWaiting,
    KvCacheUsage,
    PromptTokens,
    GenerationTokens,
    CachedPromptTokens,
    RequestsSucceeded,
    RequestsFailed,
    FinishedStop,
    FinishedLength,
    FinishedAbort,
    FinishedError,
    FinishedOther,
    FailedRejected,
    FailedCanceled,
    FailedBackend,
    FailedOther,
    Preemptions,
    PrefixCacheQueries,
    PrefixCacheHits,
    InferenceCount,
    ExecutionCount,
    RequestDurationUs,
    QueueDurationUs,
    ComputeInferDurationUs,
    PendingRequests,
}
