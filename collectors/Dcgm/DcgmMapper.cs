using System.Text;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Collectors.Dcgm;

/// <summary>
/// Maps dcgm-exporter series into one wide <see cref="GpuSample"/> per GPU (or MIG instance)
/// per scrape. Hot path: a sample costs a name comparison (samples come grouped by family), a
/// byte comparison of its raw labels against the GPU predicted at that position (families list
/// GPUs in the same order), and one array store. Hash lookups happen only on a miss.
/// </summary>
public sealed class DcgmMapper : ISourceMapper
{
    private const int SweepEvery = 16;
    private static readonly ByteKeyMap<int> s_fieldsByName = BuildFieldIndex();
    private static readonly IReadOnlyList<GpuFieldInfo> s_catalog = GpuFieldCatalog.All;

    private readonly NameTracker _name = new();
    private readonly ByteKeyMap<DcgmLabelSet> _labelSets = new();
    private readonly Dictionary<(string Uuid, string Mig), DcgmGpuState> _gpus = [];
    private readonly Dictionary<GpuIdentity, GpuIdentity> _identities = [];
    private readonly List<DcgmGpuState> _touched = [];
    private readonly Utf8StringPool _strings = new();
    private List<DcgmLabelSet> _order = [];
    private List<DcgmLabelSet> _building = [];
    private long _scrapeId = 1;
    private int _field = -1;
    private int _familyIndex;
    private int _cursor;

    /// <summary>GPUs (and MIG instances) this target has reported.</summary>
    public int KnownGpus => _gpus.Count;

    public bool Claims(ReadOnlySpan<byte> sampleName) => sampleName.StartsWith("DCGM_FI_"u8);

    public bool OnSample(in Sample sample, ScrapeContext context)
    {
        if (_name.Changed(sample.Name))
        {
            _field = s_fieldsByName.TryGetValue(sample.Name, out var f) ? f : -1;
            if (++_familyIndex == 2)
            {
                (_order, _building) = (_building, _order);
                _building.Clear();
            }

            _cursor = 0;
        }

        if (_field < 0)
        {
            return false;
        }

        var labelSet = Resolve(sample, context);
        if (labelSet is null)
        {
            return false;
        }

        var value = sample.Value;
        if (!DcgmBlankValues.IsBlank(value, s_catalog[_field].Kind))
        {
            var gpu = labelSet.Gpu;
            if (gpu.ScrapeId != _scrapeId)
            {
                gpu.Begin(_scrapeId, labelSet.Identity!);
                _touched.Add(gpu);
            }

            gpu.Set(_field, value);
        }

        return true;
    }

    public void Commit(RowBatch batch, ScrapeContext context)
    {
        foreach (var gpu in _touched)
        {
            batch.GpuSamples.Add(new GpuSample(context.Timestamp, context.Target, gpu.Identity, gpu.Commit(s_catalog)));
        }

        EndScrape();
        if (_scrapeId % SweepEvery == 0)
        {
            Sweep();
        }
    }

    public void Abort()
    {
        foreach (var gpu in _touched)
        {
            gpu.Abort();
        }

        EndScrape();
    }

    private DcgmLabelSet? Resolve(in Sample sample, ScrapeContext context)
    {
        var raw = sample.RawLabels;
        var position = _cursor++;
        DcgmLabelSet? labelSet = null;
        if (position < _order.Count && raw.SequenceEqual(_order[position].RawLabels))
        {
            labelSet = _order[position];
        }
        else if (!_labelSets.TryGetValue(raw, out labelSet))
        {
            labelSet = Create(sample, context);
            if (labelSet is null)
            {
                return null;
            }
        }

        labelSet.LastSeen = _scrapeId;
        if (_familyIndex == 1)
        {
            _building.Add(labelSet);
        }

        return labelSet;
    }

    private DcgmLabelSet? Create(in Sample sample, ScrapeContext context)
    {
        var read = DcgmIdentityReader.Read(sample.Labels, context, _strings);
        if (read is null)
        {
            return null;
        }

        if (!_identities.TryGetValue(read, out var identity))
        {
            identity = read;
            _identities[identity] = identity;
        }

        var key = (identity.Uuid, identity.MigInstanceId);
        if (!_gpus.TryGetValue(key, out var gpu))
        {
            gpu = new DcgmGpuState(identity);
            _gpus[key] = gpu;
        }

        var labelSet = new DcgmLabelSet(sample.RawLabels.ToArray(), gpu) { Identity = identity, LastSeen = _scrapeId };
        _labelSets.Set(sample.RawLabels, labelSet);
        return labelSet;
    }

    private void EndScrape()
    {
        _touched.Clear();
        _name.Reset();
        _scrapeId++;
        _familyIndex = 0;
        _cursor = 0;
        _field = -1;
    }

    /// <summary>Forgets label sets and identities unused for a while (pods come and go); GPU counter state stays.</summary>
    private void Sweep()
    {
        var horizon = _scrapeId - SweepEvery;
        if (_labelSets.RemoveWhere(s => s.LastSeen < horizon) > 0)
        {
            var live = new HashSet<GpuIdentity>(_labelSets.Values.Select(s => s.Identity!));
            foreach (var stale in _identities.Keys.Where(i => !live.Contains(i)).ToList())
            {
                _identities.Remove(stale);
            }
        }
    }

    private static ByteKeyMap<int> BuildFieldIndex()
    {
        var map = new ByteKeyMap<int>();
        foreach (var info in GpuFieldCatalog.All)
        {
            map.Set(Encoding.ASCII.GetBytes(info.DcgmName), (int)info.Field);
            if (info.AlternateDcgmName is { } alternate)
            {
                map.Set(Encoding.ASCII.GetBytes(alternate), (int)info.Field);
            }
        }

        return map;
    }
}
