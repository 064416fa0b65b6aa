namespace Observability.Simulator;

/// <summary>A scrape target served by <see cref="SimulatorServer"/>: the full URL plus what the endpoint is.</summary>
/// <param name="Url">Absolute http://127.0.0.1:port/... URL of the /metrics page.</param>
/// <param name="Kind">Exporter dialect.</param>
/// <param name="Node">Node name.</param>
/// <param name="Labels">Target labels for the scraper (cluster, node, and for serving: model, replica, namespace, pod).</param>
public sealed record SimulatedTarget(Uri Url, TargetKind Kind, string Node, IReadOnlyDictionary<string, string> Labels);
