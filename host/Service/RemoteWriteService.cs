using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Observability.Ingest.Writer;
using Observability.RemoteWrite;

namespace Observability.Host.Service;

/// <summary>
/// The remote_write intake as <c>obs run</c> hosts it: on the service's own listener, writing through the pipeline's
/// writer. Disposing it maps what is still pending into the writer, so it must go before the pipeline.
/// </summary>
public sealed class RemoteWriteService : IDisposable
{
    private readonly RemoteWriteMetrics _metrics;

    private RemoteWriteService(RemoteWriteIntake intake, RemoteWriteMetrics metrics)
    {
        Intake = intake;
        _metrics = metrics;
    }

    public RemoteWriteIntake Intake { get; }

    /// <summary>Serves <c>POST /api/v1/write</c> when enabled; null otherwise.</summary>
    public static RemoteWriteService? MapIfEnabled(IEndpointRouteBuilder endpoints, RemoteWriteOptions options, BatchingWriter writer, TimeProvider time, ILoggerFactory loggers)
    {
        if (!options.Enabled)
        {
            return null;
        }

        RemoteWriteIntake? intake = null;
        var metrics = new RemoteWriteMetrics(() => intake?.PendingSamples ?? 0);
        intake = new RemoteWriteIntake(options, writer, time, metrics, loggers.CreateLogger<RemoteWriteIntake>());
        endpoints.MapRemoteWrite(intake, options.MaxBodyBytes);
        return new RemoteWriteService(intake, metrics);
    }

    public void Dispose()
    {
        Intake.Dispose();
        _metrics.Dispose();
    }
}
