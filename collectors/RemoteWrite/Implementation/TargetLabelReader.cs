using Observability.Collectors.Mapping;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Recovers a target's labels from its series. A scraper attaches a target's labels to every series it forwards, so a
/// well-known target label (<c>cluster</c>, <c>node</c>, <c>namespace</c>, <c>pod</c>, <c>tenant</c>) present with the
/// same value on every series of a scrape is taken as the target's, as a scrape target's configured labels are, and
/// is not passed on to the mappers as a series label (nor are <c>job</c> and <c>instance</c>).
/// </summary>
internal static class TargetLabelReader
{
    public static readonly string[] Keys = ["cluster", "node", "namespace", "pod", "tenant"];

    /// <summary>The target's labels, and for each of <see cref="Keys"/> whether it is one (and so hidden from the mappers).</summary>
    public static (TargetLabels Labels, bool[] IsTargetLabel) Read(List<PendingSample> samples)
    {
        var values = new string?[Keys.Length];
        var counts = new int[Keys.Length];
        var agree = new bool[Keys.Length];
        Array.Fill(agree, true);
        foreach (var sample in samples)
        {
            foreach (var label in sample.Series.Labels)
            {
                var k = Array.IndexOf(Keys, label.Name);
                if (k < 0)
                {
                    continue;
                }

                counts[k]++;
                if (values[k] is null)
                {
                    values[k] = label.Value;
                }
                else if (!string.Equals(values[k], label.Value, StringComparison.Ordinal))
                {
                    agree[k] = false;
                }
            }
        }

        var isTarget = new bool[Keys.Length];
        for (var k = 0; k < Keys.Length; k++)
        {
            isTarget[k] = agree[k] && counts[k] == samples.Count && samples.Count > 0;
        }

        string Get(int k) => isTarget[k] ? values[k]! : "";
        return (new TargetLabels(Get(0), Get(1), Get(2), Get(3), Get(4)), isTarget);
    }
}
