using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Observability.Otlp.Tests.Support;

/// <summary>Collects the OpenTelemetry SDK's own warnings and errors (its EventSources), so a failed export explains itself in the assertion message.</summary>
internal sealed class SdkDiagnostics : EventListener
{
    private readonly ConcurrentQueue<string> _events = new();

    public string Text => string.Join(Environment.NewLine, _events.Where(e => !e.Contains("Meter", StringComparison.Ordinal)).Take(40));

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name.StartsWith("OpenTelemetry", StringComparison.Ordinal))
        {
            EnableEvents(eventSource, EventLevel.Warning);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var payload = eventData.Payload is null ? "" : string.Join(", ", eventData.Payload);
        _events.Enqueue($"{eventData.EventSource.Name} {eventData.Level}: {eventData.Message} [{payload}]");
    }
}
