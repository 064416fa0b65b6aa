using System.Globalization;

namespace Observability.Analytics.Cost;

/// <summary>
/// A MIG instance's share of its parent GPU, from the compute slices in its profile name: <c>1g.10gb</c> is one
/// slice, <c>3g.40gb</c> three, out of the parent's slices (seven on A100 and H100), so <c>1g.10gb</c> costs 1/7.
/// </summary>
public static class MigShare
{
    /// <summary>The compute slices of a profile such as <c>2g.20gb</c> or <c>1g.10gb+me</c>; null when the name has no <c>Ng</c> prefix.</summary>
    public static int? SlicesOf(string profile)
    {
        var g = profile.IndexOf('g', StringComparison.Ordinal);
        return g > 0 && int.TryParse(profile.AsSpan(0, g), NumberStyles.None, CultureInfo.InvariantCulture, out var slices) && slices > 0
            ? slices
            : null;
    }
}
