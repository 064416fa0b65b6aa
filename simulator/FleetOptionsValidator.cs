using Microsoft.Extensions.Options;
using Observability.Simulator.Implementation;

namespace Observability.Simulator;

/// <summary>Checks a <see cref="FleetOptions"/> and reports every problem at once, each prefixed with the option's name.</summary>
public sealed class FleetOptionsValidator : IValidateOptions<FleetOptions>
{
    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(errors, !string.IsNullOrWhiteSpace(options.Cluster), "Cluster must not be empty.");
        Check(errors, options.Nodes >= 1, $"Nodes must be at least 1 (was {options.Nodes}).");
        Check(errors, options.GpusPerNode is >= 1 and <= 16, $"GpusPerNode must be 1-16 (was {options.GpusPerNode}).");
        Check(errors, options.NodeSkus.Count > 0, "NodeSkus must list at least one SKU.");
        Check(errors, options.NodeSkus.All(Enum.IsDefined), "NodeSkus contains an unknown SKU.");
        Check(errors, options.MigGpusPerA100Node >= 0 && options.MigGpusPerA100Node <= options.GpusPerNode,
            $"MigGpusPerA100Node must be 0-GpusPerNode (was {options.MigGpusPerA100Node}).");
        ValidateMig(options, errors);
        ValidateModels(options, errors);
        ValidateTenants(options, errors);
        Check(errors, options.DiurnalAmplitude is >= 0 and < 1, $"DiurnalAmplitude must be in [0, 1) (was {options.DiurnalAmplitude}).");
        Check(errors, options.PeakHourUtc is >= 0 and < 24, $"PeakHourUtc must be in [0, 24) (was {options.PeakHourUtc}).");
        Check(errors, options.NoiseLevel is >= 0 and <= 2, $"NoiseLevel must be in [0, 2] (was {options.NoiseLevel}).");
        Check(errors, options.FaultsPerGpuPerDay is >= 0 and <= 1000, $"FaultsPerGpuPerDay must be in [0, 1000] (was {options.FaultsPerGpuPerDay}).");
        Check(errors, options.FaultDuration > TimeSpan.Zero, "FaultDuration must be positive.");
        Check(errors, options.Step >= TimeSpan.FromMilliseconds(10) && options.Step <= TimeSpan.FromMinutes(1),
            $"Step must be between 10 ms and 1 min (was {options.Step}).");
        Check(errors, !string.IsNullOrWhiteSpace(options.DriverVersion), "DriverVersion must not be empty.");
        Check(errors, !string.IsNullOrWhiteSpace(options.Namespace), "Namespace must not be empty.");
        Check(errors, options.LegacyVllmReplicas >= 0, "LegacyVllmReplicas must not be negative.");
        Check(errors, options.RequestEventCapacity >= 0, "RequestEventCapacity must not be negative.");
        for (var i = 0; i < options.ScheduledFaults.Count; i++)
        {
            var f = options.ScheduledFaults[i];
            var nodeIndex = Enumerable.Range(0, Math.Max(0, options.Nodes)).FirstOrDefault(n => FleetLayout.NodeName(n) == f.Node, -1);
            Check(errors, nodeIndex >= 0, $"ScheduledFaults[{i}]: node '{f.Node}' does not exist.");
            Check(errors, f.Gpu >= 0 && f.Gpu < options.GpusPerNode, $"ScheduledFaults[{i}]: GPU {f.Gpu} does not exist.");
            Check(errors, f.After >= TimeSpan.Zero && f.Duration > TimeSpan.Zero, $"ScheduledFaults[{i}]: After must be >= 0 and Duration > 0.");
            Check(errors, f.XidCode >= 0, $"ScheduledFaults[{i}]: XidCode must not be negative.");
        }

        for (var i = 0; i < options.ScheduledIncidents.Count; i++)
        {
            var incident = options.ScheduledIncidents[i];
            Check(errors, incident.After >= TimeSpan.Zero && incident.Duration > TimeSpan.Zero, $"ScheduledIncidents[{i}]: After must be >= 0 and Duration > 0.");
            Check(errors, incident.Model is null || options.Models.Any(m => m.Name == incident.Model), $"ScheduledIncidents[{i}]: model '{incident.Model}' does not exist.");
            Check(errors, incident.Tenant is null || options.Tenants.Any(t => t.Name == incident.Tenant), $"ScheduledIncidents[{i}]: tenant '{incident.Tenant}' does not exist.");
            Check(
                errors,
                incident.Kind == IncidentKind.LatencyRegression ? incident.Magnitude >= 1 : incident.Magnitude is > 0 and <= 1,
                $"ScheduledIncidents[{i}]: Magnitude must be a slowdown factor >= 1 for a latency regression, or a failing fraction in (0, 1] for an error spike (was {incident.Magnitude}).");
        }

        // Placement only makes sense once the shape itself is valid.
        if (errors.Count == 0)
        {
            FleetLayout.Plan(options, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure, for callers outside DI.</summary>
    public static void ThrowIfInvalid(FleetOptions options)
    {
        var result = new FleetOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(FleetOptions), typeof(FleetOptions), result.Failures);
        }
    }

    private static void ValidateMig(FleetOptions options, List<string> errors)
    {
        if (options.MigGpusPerA100Node == 0)
        {
            return;
        }

        var profiles = options.MigProfiles.Select(MigProfileSpec.Find).ToArray();
        Check(errors, profiles.Length > 0, "MigProfiles must list at least one profile when MigGpusPerA100Node > 0.");
        for (var i = 0; i < profiles.Length; i++)
        {
            Check(errors, profiles[i] is not null, $"MigProfiles[{i}]: unknown profile '{options.MigProfiles[i]}' (known: 1g.10gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb).");
        }

        if (profiles.All(p => p is not null) && profiles.Length > 0)
        {
            var known = profiles.Select(p => p!).ToArray();
            Check(errors, known.Sum(p => p.Slices) <= 7, "MigProfiles: more than 7 compute slices on one GPU.");
            Check(errors, known.Sum(p => p.MemoryGb) <= 80, "MigProfiles: more than 80 GB on one GPU.");
            Check(errors, !FleetLayout.AssignInstanceIds(known).Contains(-1), "MigProfiles: too many instances of one profile for the GPU's instance ids.");
        }
    }

    private static void ValidateModels(FleetOptions options, List<string> errors)
    {
        Check(errors, options.Models.Count > 0, "Models must list at least one model.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Models.Count; i++)
        {
            var m = options.Models[i];
            var p = $"Models[{i}] ({m.Name})";
            Check(errors, !string.IsNullOrWhiteSpace(m.Name), $"Models[{i}]: Name must not be empty.");
            Check(errors, names.Add(m.Name), $"{p}: Name is used twice.");
            Check(errors, m.Replicas >= 1, $"{p}: Replicas must be at least 1.");
            Check(errors, m.UseMig || (m.GpusPerReplica >= 1 && m.GpusPerReplica <= options.GpusPerNode), $"{p}: GpusPerReplica must be 1-GpusPerNode.");
            Check(errors, !m.UseMig || options.MigGpusPerA100Node > 0, $"{p}: UseMig needs MigGpusPerA100Node > 0.");
            Check(errors, m.PeakRequestsPerSecond is > 0 and <= 10_000, $"{p}: PeakRequestsPerSecond must be in (0, 10000].");
            Check(errors, m.MeanPromptTokens >= 1 && m.MeanOutputTokens >= 1 && m.MaxOutputTokens >= 1, $"{p}: token counts must be at least 1.");
            Check(errors, m.MaxModelLength > m.MaxOutputTokens, $"{p}: MaxModelLength must exceed MaxOutputTokens.");
            Check(errors, m.KvCacheTokens >= m.MaxModelLength, $"{p}: KvCacheTokens must hold at least one MaxModelLength sequence.");
            Check(errors, m.MaxNumSeqs >= 1, $"{p}: MaxNumSeqs must be at least 1.");
            Check(errors, m.PrefillTokensPerSecond > 0 && m.InterTokenLatencySeconds > 0, $"{p}: PrefillTokensPerSecond and InterTokenLatencySeconds must be positive.");
            Check(errors, m.PrefixCacheHitRate is >= 0 and < 1, $"{p}: PrefixCacheHitRate must be in [0, 1).");
            Check(errors, m.AbortRate is >= 0 and < 1, $"{p}: AbortRate must be in [0, 1).");
        }
    }

    private static void ValidateTenants(FleetOptions options, List<string> errors)
    {
        Check(errors, options.Tenants.Count > 0, "Tenants must list at least one tenant.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var models = options.Models.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < options.Tenants.Count; i++)
        {
            var t = options.Tenants[i];
            Check(errors, !string.IsNullOrWhiteSpace(t.Name), $"Tenants[{i}]: Name must not be empty.");
            Check(errors, names.Add(t.Name), $"Tenants[{i}] ({t.Name}): Name is used twice.");
            foreach (var (model, weight) in t.ModelWeights)
            {
                Check(errors, models.Contains(model), $"Tenants[{i}] ({t.Name}): weight for unknown model '{model}'.");
                Check(errors, weight >= 0 && double.IsFinite(weight), $"Tenants[{i}] ({t.Name}): weight for '{model}' must be a finite number >= 0.");
            }
        }

        foreach (var m in options.Models)
        {
            var total = options.Tenants.Sum(t => t.ModelWeights.TryGetValue(m.Name, out var w) && w > 0 ? w : 0);
            Check(errors, total > 0, $"Tenants: no tenant sends traffic to model '{m.Name}'.");
        }
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }
}
