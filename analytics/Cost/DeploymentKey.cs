using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Observability.Analytics.Cost;

/// <summary>
/// A deployment as cost attribution names it: Kubernetes namespace and deployment name, learned from the pod label
/// on GPU rows and from the request's deployment (or pod) on request events, so the two sides meet.
/// </summary>
public readonly partial record struct DeploymentKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";

    /// <summary>
    /// The workload a pod belongs to: <c>name-&lt;replicaset hash&gt;-&lt;pod hash&gt;</c> (a Deployment) and
    /// <c>name-&lt;ordinal&gt;</c> (a StatefulSet) lose their suffixes; any other pod name is its own deployment.
    /// </summary>
    public static string NameFromPod(string pod)
    {
        // A month's allocation asks this for every GPU-hour and request-hour, of a few thousand distinct pods: the
        // two regular expressions were a large part of its time. Pods churn with every rollout, so the memo is bounded.
        if (NameByPod.TryGetValue(pod, out var known))
        {
            return known;
        }

        if (NameByPod.Count >= MaxMemoizedPods)
        {
            NameByPod.Clear();
        }

        return NameByPod[pod] = ParseName(pod);
    }

    private const int MaxMemoizedPods = 65_536;

    private static readonly ConcurrentDictionary<string, string> NameByPod = new(StringComparer.Ordinal);

    private static string ParseName(string pod)
    {
        var match = DeploymentPod().Match(pod);
        if (match.Success)
        {
            return match.Groups[1].Value;
        }

        match = StatefulSetPod().Match(pod);
        return match.Success ? match.Groups[1].Value : pod;
    }

    public static DeploymentKey ForRequest(string ns, string deployment, string pod) =>
        new(ns, deployment.Length > 0 ? deployment : NameFromPod(pod));

    [GeneratedRegex("^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$")]
    private static partial Regex DeploymentPod();

    [GeneratedRegex("^(.+)-[0-9]+$")]
    private static partial Regex StatefulSetPod();
}
