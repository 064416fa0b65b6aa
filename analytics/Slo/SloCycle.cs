using Microsoft.Extensions.Logging;
using Observability.Ingest.Contract;

namespace Observability.Analytics.Slo;

/// <summary>Told about every completed evaluation round, e.g. the burn-rate alerting.</summary>
public interface ISloEvaluationObserver
{
    Task OnEvaluatedAsync(IReadOnlyList<SloEvaluation> evaluations, CancellationToken cancellationToken);
}

/// <summary>
/// One evaluation round: every SLO computed, its values stored and published, then observers told. One SLO failing
/// (a store error, a histogram threshold that is no bucket bound) is logged and counted and does not stop the others.
/// </summary>
public sealed partial class SloCycle(
    IReadOnlyList<SloDefinition> slos,
    SloEvaluator evaluator,
    ISloStore store,
    SloBoard board,
    SloMetrics metrics,
    IEnumerable<ISloEvaluationObserver> observers,
    ILogger<SloCycle> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public IReadOnlyList<SloDefinition> Slos => slos;

    public async Task<IReadOnlyList<SloEvaluation>> RunOnceAsync(CancellationToken cancellationToken)
    {
        // A slow round must not overlap the next trigger: both would write results and drive the same alerts.
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var evaluations = new List<SloEvaluation>();
            foreach (var slo in slos)
            {
                SloEvaluation evaluation;
                try
                {
                    evaluation = await evaluator.EvaluateAsync(slo, cancellationToken).ConfigureAwait(false);
                    if (evaluation.Error is null)
                    {
                        await store.WriteSloResultsAsync(SloEvaluator.ToRows(evaluation), cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    evaluation = new SloEvaluation(slo, DateTime.UnixEpoch, TimeSpan.Zero, [], e.Message);
                }

                if (evaluation.Error is not null)
                {
                    LogFailed(logger, slo.Name, evaluation.Error);
                }

                metrics.CountEvaluation(slo.Name, evaluation.Error is null);
                evaluations.Add(evaluation);
            }

            board.Publish(evaluations);
            foreach (var observer in observers)
            {
                try
                {
                    await observer.OnEvaluatedAsync(evaluations, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An alerting failure (its store down) is retried next round; it must not stop the others.
                    LogObserverFailed(logger, observer.GetType().Name, e);
                    metrics.CountObserverFailure(observer.GetType().Name);
                }
            }

            return evaluations;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Observer} failed on this SLO round")]
    private static partial void LogObserverFailed(ILogger logger, string observer, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLO {Slo} could not be evaluated: {Reason}")]
    private static partial void LogFailed(ILogger logger, string slo, string reason);
}
