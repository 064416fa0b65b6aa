using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Observability.Simulator.Gateway;

/// <summary>
/// The fleet's API gateway: every finished simulated request becomes one SERVER span (tenant, model, tokens, TTFT,
/// time per output token, queue time, serving pod, node and GPU), exported through the OpenTelemetry .NET SDK's OTLP
/// exporter to <c>endpoint</c>, as a real gateway would report it. It keeps its own ledger of what it exported per
/// tenant and model (<see cref="GetTruth"/>). Call <see cref="Pump"/> regularly (or <see cref="RunAsync"/>): the
/// simulator keeps a bounded number of finished requests between drains.
/// </summary>
public sealed class SimulatedGateway : IDisposable
{
    public const string SourceName = "Observability.Simulator.Gateway";

    private readonly FleetSimulator _simulator;
    private readonly ActivitySource _source;
    private readonly TracerProvider _provider;
    private readonly Dictionary<string, ReplicaPlacement> _placements;
    private readonly Dictionary<string, string> _providers;
    private readonly Dictionary<(string Tenant, string Model), GatewayTenantTruth> _ledger = [];
    private readonly Lock _lock = new();
    private GroundTruth _fleetTruth;
    private long _spans;
    private long _notRecorded;

    /// <param name="simulator">The fleet whose requests the gateway reports.</param>
    /// <param name="endpoint">For <see cref="OtlpExportProtocol.HttpProtobuf"/> the full traces URL (…/v1/traces); for gRPC the server address.</param>
    /// <param name="protocol">OTLP over HTTP/protobuf or gRPC.</param>
    public SimulatedGateway(FleetSimulator simulator, Uri endpoint, OtlpExportProtocol protocol = OtlpExportProtocol.HttpProtobuf)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(endpoint);
        _simulator = simulator;
        _fleetTruth = simulator.GetGroundTruth();
        var options = simulator.Options;
        _placements = _fleetTruth.Gpus.Where(g => g.Replica is not null).GroupBy(g => g.Replica!).ToDictionary(
            g => g.Key,
            g => new ReplicaPlacement(DeploymentOf(g.Key), options.Cluster, options.Namespace, g.First().Uuid));
        _providers = options.Models.ToDictionary(m => m.Name, m => m.Engine == ServingEngine.Vllm ? "vllm" : "triton");

        // A source of its own per gateway, so two gateways in one process never export each other's spans.
        _source = new ActivitySource($"{SourceName}.{Guid.NewGuid():N}");
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(_source.Name)
            .SetSampler(new AlwaysOnSampler())
            .SetResourceBuilder(ResourceBuilder.CreateEmpty()
                .AddService("llm-gateway", serviceInstanceId: Environment.MachineName)
                .AddAttributes([new("k8s.cluster.name", options.Cluster), new("k8s.namespace.name", "gateway")]))
            .AddOtlpExporter(o =>
            {
                o.Endpoint = endpoint;
                o.Protocol = protocol;
                o.TimeoutMilliseconds = 30_000; // a busy machine (or a cold receiver) must not turn a slow answer into lost spans
                o.BatchExportProcessorOptions.MaxQueueSize = 65_536;
                o.BatchExportProcessorOptions.MaxExportBatchSize = 2_048;
                o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 500;
            })
            .Build();
    }

    /// <summary>Takes the requests finished since the last call and starts one span each; returns how many.</summary>
    public int Pump()
    {
        var (events, truth) = _simulator.DrainRequestEventsWithTruth();
        lock (_lock)
        {
            var before = _notRecorded;
            foreach (var e in events)
            {
                if (Emit(e))
                {
                    Record(e);
                }
                else
                {
                    _notRecorded++;
                }
            }

            _fleetTruth = truth;
            _spans += events.Count - (int)(_notRecorded - before);
        }

        return events.Count;
    }

    /// <summary>Pumps every <paramref name="every"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan every, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        using var timer = new PeriodicTimer(every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Pump();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Pumps once more and waits until every span has been exported; false if the exporter failed or timed out.</summary>
    public bool Flush(TimeSpan timeout)
    {
        Pump();
        return _provider.ForceFlush((int)timeout.TotalMilliseconds);
    }

    /// <summary>The ledger of everything exported so far, with the fleet truth of the last drain.</summary>
    public GatewayTruth GetTruth()
    {
        lock (_lock)
        {
            return new GatewayTruth(
                [.. _ledger.Values.OrderBy(u => u.Tenant, StringComparer.Ordinal).ThenBy(u => u.Model, StringComparer.Ordinal)],
                _fleetTruth,
                _spans,
                _notRecorded,
                _simulator.DroppedRequestEvents);
        }
    }

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    /// <summary>False when the SDK did not record the span (no listener): counted, not silently lost.</summary>
    private bool Emit(RequestEvent e)
    {
        using var span = _source.StartActivity(ActivityKind.Server, startTime: e.Arrival, name: "chat " + e.Model);
        if (span is null || !span.Recorded)
        {
            return false;
        }

        var placement = _placements.GetValueOrDefault(e.Replica) ?? new ReplicaPlacement(DeploymentOf(e.Replica), _simulator.Options.Cluster, _simulator.Options.Namespace, null);
        SpanAttributes.Set(span, e, placement, _providers.GetValueOrDefault(e.Model, "vllm"));
        span.SetEndTime((e.Arrival + TimeSpan.FromSeconds(e.EndToEndSeconds)).UtcDateTime);
        return true;
    }

    private void Record(RequestEvent e)
    {
        var (input, output, cached) = SpanAttributes.Tokens(e);
        var key = (e.Tenant, e.Model);
        var row = _ledger.GetValueOrDefault(key) ?? new GatewayTenantTruth(e.Tenant, e.Model, 0, 0, 0, 0, 0);
        _ledger[key] = row with
        {
            Requests = row.Requests + 1,
            Failed = row.Failed + (e.Status == RequestStatus.Failed ? 1 : 0),
            InputTokens = row.InputTokens + input,
            OutputTokens = row.OutputTokens + output,
            CachedInputTokens = row.CachedInputTokens + cached,
        };
    }

    /// <summary>The deployment a replica belongs to: its name without the replica index ("llama-3-1-8b-instruct-0" → "llama-3-1-8b-instruct").</summary>
    private static string DeploymentOf(string replica)
    {
        var dash = replica.LastIndexOf('-');
        return dash > 0 && replica[(dash + 1)..].All(char.IsAsciiDigit) ? replica[..dash] : replica;
    }
}
