namespace Observability.Simulator.Tests;

/// <summary>One parsed sample line, labels in the order they were written.</summary>
internal sealed record PromSample(string Name, List<KeyValuePair<string, string>> Labels, double Value)
{
    public string? Label(string key) => Labels.FirstOrDefault(l => l.Key == key).Value;

    public IEnumerable<string> LabelNames => Labels.Select(l => l.Key);
}
