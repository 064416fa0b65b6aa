using Observability.Ingest.Model;
using Sim = Observability.Simulator;

namespace Observability.Alerts.Tests.Support;

/// <summary>The simulator's finished requests as the store's request events, as a gateway's spans would arrive.</summary>
internal static class SimulatorEvents
{
    public static RequestEvent ToStored(Sim.RequestEvent e) => new()
    {
        Timestamp = e.Arrival.UtcDateTime,
        RequestId = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Tenant = e.Tenant,
        Model = e.Model,
        Pod = e.Replica,
        Node = e.Node,
        Status = e.Status == Sim.RequestStatus.Succeeded ? RequestStatus.Success : RequestStatus.Error,
        ErrorType = e.Status == Sim.RequestStatus.Succeeded ? string.Empty : e.FinishReason,
        InputTokens = e.PromptTokens,
        OutputTokens = e.GenerationTokens,
        TtftSeconds = e.TimeToFirstTokenSeconds ?? double.NaN,
        E2eSeconds = e.EndToEndSeconds,
        QueueSeconds = e.QueueSeconds,
    };
}
