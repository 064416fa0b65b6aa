using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Collectors.Serving;

/// <summary>
/// Turns the series touched in one scrape into rows: one serving row per identity (gauges as
/// read, counters as increases summed per field) and one histogram row per identity and
/// histogram (per-bucket increases under the server's own bounds). Values of deprecated
/// families only fill what their replacements left empty.
/// </summary>
internal sealed class ServingRowAssembler
{
    private readonly Dictionary<ServingIdentity, RowParts> _rows = [];

    public void Assemble(List<ServingSeries> touched, RowBatch batch, ScrapeContext context)
    {
        _rows.Clear();
        foreach (var s in touched)
        {
            var parts = Get(s.Identity);
            if (s.Rule.Kind == ServingRuleKind.Histogram)
            {
                parts.Histogram(s.Rule).Add(s);
                continue;
            }

            var values = s.Rule.Deprecated ? parts.Fallback : parts.Primary;
            var value = s.Rule.Kind == ServingRuleKind.Gauge ? s.Current : CounterMath.Increase(s.Last, s.Current);
            Accumulate(values, s.Target!.Field, value, s.Rule.Kind == ServingRuleKind.Gauge);
            if (s.Target.Total is { } total)
            {
                Accumulate(values, total, value, gauge: false);
            }
        }

        foreach (var (identity, parts) in _rows)
        {
            foreach (var histogram in parts.Histograms.Values)
            {
                if (histogram.Rule.Deprecated && parts.HasPrimaryHistogram(histogram.Rule.Histogram!))
                {
                    continue;
                }

                if (histogram.Build(context, identity) is { } row)
                {
                    batch.ServingHistograms.Add(row);
                    if (histogram.Rule.SumField is { } sumField)
                    {
                        Accumulate(parts.Primary, sumField, row.Sum, gauge: false);
                    }
                }
            }

            for (var i = 0; i < parts.Primary.Length; i++)
            {
                if (double.IsNaN(parts.Primary[i]))
                {
                    parts.Primary[i] = parts.Fallback[i];
                }
            }

            batch.ServingSamples.Add(new ServingSample(context.Timestamp, context.Target, identity, parts.Primary));
        }
    }

    private RowParts Get(ServingIdentity identity)
    {
        if (!_rows.TryGetValue(identity, out var parts))
        {
            parts = new RowParts();
            _rows[identity] = parts;
        }

        return parts;
    }

    /// <summary>Gauges take the value; increases add up (several series can feed one field, e.g. all finished reasons → succeeded).</summary>
    private static void Accumulate(double[] values, ServingField field, double value, bool gauge)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        ref var slot = ref values[(int)field];
        slot = gauge || double.IsNaN(slot) ? value : slot + value;
    }

    private sealed class RowParts
    {
        public double[] Primary { get; } = ServingSample.NewValues();

        public double[] Fallback { get; } = ServingSample.NewValues();

        public Dictionary<ServingRule, HistogramAccumulator> Histograms { get; } = [];

        public HistogramAccumulator Histogram(ServingRule rule)
        {
            if (!Histograms.TryGetValue(rule, out var h))
            {
                h = new HistogramAccumulator(rule);
                Histograms[rule] = h;
            }

            return h;
        }

        public bool HasPrimaryHistogram(string name) =>
            Histograms.Values.Any(h => !h.Rule.Deprecated && h.Rule.Histogram == name);
    }
}
