using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// OpenMetrics value rules per type: counters and counts are never NaN or negative, buckets and counts are
/// integers, buckets carry a canonical le, quantiles lie in [0, 1], statesets are 0/1, info is 1, and only
/// counter totals and buckets may carry exemplars.
/// </summary>
public sealed partial class ExpositionParser
{
    /// <summary>
    /// Value and label rules of the family's type. <paramref name="special"/> is the index of the label that
    /// does not identify the group (a stateset's state, a summary's quantile, a bucket's le), or -1.
    /// </summary>
    private bool CheckTypeRules(
        ReadOnlySpan<byte> body, MetricType type, Suffix suffix, double value, bool hasExemplar, int line, out int special, out double le)
    {
        special = -1;
        le = 0;
        var family = FamilyName(body);
        switch (type)
        {
            case MetricType.StateSet:
                special = FindLabel(body, 0, _labelCount, family);
                if (special < 0)
                {
                    return Fail(line, $"a stateset sample needs a label named {ErrorText.Quote(family)} (its state)");
                }

                if (value is not (0 or 1))
                {
                    return Fail(line, "stateset values can only be 0 or 1");
                }

                break;
            case MetricType.Info when value != 1:
                return Fail(line, "info values can only be 1");
            case MetricType.Summary when suffix == Suffix.None:
                if (!CheckQuantile(body, value, line, out special))
                {
                    return false;
                }

                break;
        }

        if (suffix == Suffix.Bucket && !CheckBucket(body, value, line, out special, out le))
        {
            return false;
        }

        if (suffix is Suffix.Count or Suffix.GCount && !IsInteger(value))
        {
            return Fail(line, "_count/_gcount values must be integers");
        }

        if (Suffixes.IsCounterLike(suffix) && double.IsNaN(value))
        {
            return Fail(line, "counter-like samples (_total, _sum, _count, _bucket, _gcount, _gsum) cannot be NaN");
        }

        if (Suffixes.IsNonNegative(suffix) && value < 0)
        {
            return Fail(line, "counter-like samples (_total, _sum, _count, _bucket, _gcount) cannot be negative");
        }

        if (hasExemplar && !(type is MetricType.Histogram or MetricType.GaugeHistogram ? suffix == Suffix.Bucket : type == MetricType.Counter && suffix == Suffix.Total))
        {
            return Fail(line, "only histogram/gaugehistogram buckets and counter _total samples can have exemplars");
        }

        return true;
    }

    private bool CheckQuantile(ReadOnlySpan<byte> body, double value, int line, out int special)
    {
        special = FindLabel(body, 0, _labelCount, "quantile"u8);
        if (special < 0)
        {
            return Fail(line, "a summary quantile sample needs a 'quantile' label");
        }

        var text = LabelValue(body, special);
        if (!NumberParser.TryParseOpenMetricsFloat(text, out var q) || !(q >= 0 && q <= 1))
        {
            return Fail(line, $"invalid quantile {ErrorText.Quote(text)}: must be a number from 0 to 1");
        }

        return value >= 0 || double.IsNaN(value) || Fail(line, "quantile values cannot be negative");
    }

    private bool CheckBucket(ReadOnlySpan<byte> body, double value, int line, out int special, out double le)
    {
        le = 0;
        special = FindLabel(body, 0, _labelCount, "le"u8);
        if (special < 0)
        {
            return Fail(line, "a bucket sample needs an 'le' label");
        }

        var text = LabelValue(body, special);
        if (!NumberParser.TryParseOpenMetricsFloat(text, out le) || double.IsNaN(le))
        {
            return Fail(line, $"invalid le {ErrorText.Quote(text)}: must be a number (not NaN)");
        }

        if (double.IsInfinity(le) && !text.SequenceEqual("+Inf"u8) && !text.SequenceEqual("-Inf"u8))
        {
            return Fail(line, $"le {ErrorText.Quote(text)} is not canonical: write infinity as +Inf or -Inf");
        }

        return IsInteger(value) || Fail(line, "bucket values must be integers");
    }

    private static bool IsInteger(double value) => double.IsFinite(value) && Math.Floor(value) == value;
}
