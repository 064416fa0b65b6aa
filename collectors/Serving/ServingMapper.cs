using System.Text;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Collectors.Serving;

/// <summary>
/// The shared engine of the model-server mappers (vLLM, Triton/TRT-LLM): resolves each series
/// once to its rule and row identity, and at commit turns counters into increases and groups
/// everything into one <see cref="ServingSample"/> per identity plus one
/// <see cref="ServingHistogram"/> per histogram. A source supplies its rules and how to read
/// the identity from labels.
/// </summary>
public abstract class ServingMapper : ISourceMapper
{
    private readonly ByteKeyMap<ServingRule> _rules = new();
    private readonly ByteKeyMap<ServingSeries?> _series = new();
    private readonly Dictionary<ServingIdentity, ServingIdentity> _identities = [];
    private readonly List<ServingSeries> _touched = [];
    private readonly Utf8StringPool _strings = new();
    private readonly ServingRowAssembler _assembler = new();
    private byte[] _key = new byte[512];
    private long _scrapeId = 1;

    /// <summary>Scrapes between sweeps of series that stopped reporting.</summary>
    private const int SweepEvery = 64;

    /// <summary>Most series remembered per target, mapped or not: a bound against label churn.</summary>
    private const int MaxSeries = 200_000;

    protected ServingMapper(IEnumerable<ServingRule> rules)
    {
        foreach (var rule in rules)
        {
            _rules.Set(Encoding.UTF8.GetBytes(rule.Name), rule);
        }
    }

    /// <summary>The <see cref="ServingIdentity.Source"/> written on rows.</summary>
    protected abstract string Source { get; }

    public abstract bool Claims(ReadOnlySpan<byte> sampleName);

    /// <summary>Reads model, version, engine and GPU from a series' labels.</summary>
    protected abstract ServingIdentity ReadIdentity(LabelList labels, ScrapeContext context, Utf8StringPool strings);

    public bool OnSample(in Sample sample, ScrapeContext context)
    {
        var key = SeriesKey(sample.Name, sample.RawLabels);
        if (!_series.TryGetValue(key, out var series))
        {
            series = Resolve(sample, context);
            _series.Set(key, series);
        }

        if (series is null)
        {
            return false;
        }

        if (series.ScrapeId != _scrapeId)
        {
            series.ScrapeId = _scrapeId;
            series.LastSeen = _scrapeId;
            _touched.Add(series);
        }

        series.Current = sample.Value;
        return true;
    }

    public void Commit(RowBatch batch, ScrapeContext context)
    {
        _assembler.Assemble(_touched, batch, context);
        foreach (var s in _touched)
        {
            if (s.Rule.Kind != ServingRuleKind.Gauge && !double.IsNaN(s.Current))
            {
                s.Last = s.Current;
            }

            s.Current = double.NaN;
        }

        _touched.Clear();
        if (++_scrapeId % SweepEvery == 0)
        {
            Sweep();
        }
    }

    public void Abort()
    {
        foreach (var s in _touched)
        {
            s.Current = double.NaN;
            s.ScrapeId = 0;
        }

        _touched.Clear();
        _scrapeId++;
    }

    /// <summary>
    /// Forgets series unseen for a sweep period (a series that comes back starts afresh, with no
    /// increase on its first scrape, like a new one), and everything when churn passes the bound.
    /// </summary>
    private void Sweep()
    {
        var horizon = _scrapeId - SweepEvery;
        _series.RemoveWhere(s => s is not null && s.LastSeen < horizon);
        if (_series.Count > MaxSeries)
        {
            _series.Clear();
            _identities.Clear();
        }
    }

    private ReadOnlySpan<byte> SeriesKey(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawLabels)
    {
        var length = name.Length + 1 + rawLabels.Length;
        if (length > _key.Length)
        {
            _key = new byte[Math.Max(length, _key.Length * 2)];
        }

        name.CopyTo(_key);
        _key[name.Length] = (byte)'{';
        rawLabels.CopyTo(_key.AsSpan(name.Length + 1));
        return _key.AsSpan(0, length);
    }

    /// <summary>Null when no rule maps the series (it is then kept or dropped as unmapped).</summary>
    private ServingSeries? Resolve(in Sample sample, ScrapeContext context)
    {
        var (rule, part) = FindRule(sample.Name);
        if (rule is null)
        {
            return null;
        }

        var identity = Intern(ReadIdentity(sample.Labels, context, _strings));
        if (rule.Kind == ServingRuleKind.Histogram)
        {
            var bound = double.NaN;
            if (part == HistogramPart.Bucket && (!sample.Labels.TryGetValue("le"u8, out var le) || !TryParseBound(le, out bound)))
            {
                return null;
            }

            return new ServingSeries { Rule = rule, Identity = identity, Part = part, UpperBound = bound * rule.Scale };
        }

        string? category = null;
        if (rule.CategoryLabelUtf8 is { } labelName && sample.Labels.TryGetValue(labelName, out var c))
        {
            category = _strings.Get(c);
        }

        var target = rule.TargetFor(category);
        return target is null ? null : new ServingSeries { Rule = rule, Identity = identity, Target = target };
    }

    private (ServingRule? Rule, HistogramPart Part) FindRule(ReadOnlySpan<byte> name)
    {
        if (_rules.TryGetValue(name, out var rule))
        {
            // A histogram family name used as a sample name is a bucket written without its suffix
            // (seen in Triton's documentation); the le label decides.
            return (rule, rule.Kind == ServingRuleKind.Histogram ? HistogramPart.Bucket : HistogramPart.None);
        }

        foreach (var (suffix, part) in HistogramSuffixes)
        {
            if (name.EndsWith(suffix) && _rules.TryGetValue(name[..^suffix.Length], out rule) && rule.Kind == ServingRuleKind.Histogram)
            {
                return (rule, part);
            }
        }

        return (null, HistogramPart.None);
    }

    private static readonly (byte[] Suffix, HistogramPart Part)[] HistogramSuffixes =
    [
        ("_bucket"u8.ToArray(), HistogramPart.Bucket),
        ("_sum"u8.ToArray(), HistogramPart.Sum),
        ("_count"u8.ToArray(), HistogramPart.Count),
    ];

    private ServingIdentity Intern(ServingIdentity identity)
    {
        if (!_identities.TryGetValue(identity, out var shared))
        {
            shared = identity;
            _identities[identity] = shared;
        }

        return shared;
    }

    private static bool TryParseBound(ReadOnlySpan<byte> text, out double bound)
    {
        if (text.SequenceEqual("+Inf"u8) || text.SequenceEqual("Inf"u8))
        {
            bound = double.PositiveInfinity;
            return true;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out bound);
    }
}
