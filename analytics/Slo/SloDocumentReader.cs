using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Analytics.Slo;

/// <summary>Reads one SLO document into a definition, recording every problem through its <see cref="YamlMap"/>.</summary>
internal static class SloDocumentReader
{
    public static SloDefinition? Read(YamlMap root, string file)
    {
        var api = root.String("apiVersion", required: true);
        if (api is not null && api != SloFileLoader.ApiVersion)
        {
            root.Problem("apiVersion", $"'{api}' is not supported; use {SloFileLoader.ApiVersion}");
        }

        var kind = root.String("kind", required: true);
        if (kind is not null && kind != "SLO")
        {
            root.Problem("kind", $"'{kind}' is not supported; use SLO");
        }

        var metadata = root.Map("metadata", required: true);
        var name = metadata?.String("name", required: true);
        if (name is not null && !SloFileLoader.NamePattern().IsMatch(name))
        {
            metadata!.Problem("name", $"'{name}' must be lower-case letters, digits, '.', '_' or '-'");
        }

        var labels = metadata?.StringMap("labels") ?? new Dictionary<string, string>();
        metadata?.String("displayName");
        metadata?.RejectUnknown();

        var spec = root.Map("spec", required: true);
        root.RejectUnknown();
        if (spec is null)
        {
            return null;
        }

        var service = spec.String("service") ?? string.Empty;
        var description = spec.String("description") ?? string.Empty;
        var objective = ReadObjective(spec);
        var window = ReadWindow(spec);
        var (budgeting, slice) = ReadBudgeting(spec);
        var query = ReadIndicator(spec, out var sliKind);
        var alerting = ReadAlerting(spec);
        spec.RejectUnknown();
        if (name is null || objective is null || window is null || query is null || alerting is null)
        {
            return null;
        }

        return new SloDefinition(name, service, description, file, objective.Value, window, budgeting, slice, sliKind, query, alerting, labels);
    }

    private static double? ReadObjective(YamlMap spec)
    {
        var percent = spec.Number("objective", required: true);
        if (percent is { } p && (p <= 0 || p >= 100))
        {
            spec.Problem("objective", $"{p} must be a percentage above 0 and below 100, e.g. 99.5");
            return null;
        }

        // Through decimal so that 99.9 becomes 0.999, not 0.9990000000000001.
        return percent is { } value ? (double)((decimal)value / 100m) : null;
    }

    private static SloWindowSpec? ReadWindow(YamlMap spec)
    {
        var window = spec.Map("timeWindow", required: true);
        if (window is null)
        {
            return null;
        }

        var rolling = window.Duration("rolling");
        var calendar = window.String("calendar");
        var zoneName = window.String("timeZone");
        window.RejectUnknown();
        if (rolling is not null && calendar is not null)
        {
            window.Problem("calendar", "set either rolling or calendar, not both");
            return null;
        }

        if (rolling is { } r)
        {
            if (r < TimeSpan.FromHours(1))
            {
                window.Problem("rolling", "must be at least 1h (28d and 30d are usual)");
                return null;
            }

            if (zoneName is not null)
            {
                window.Problem("timeZone", "applies only to a calendar window");
            }

            return new SloWindowSpec(r, null);
        }

        if (calendar is null)
        {
            window.Problem("rolling", "is required (or calendar: month)");
            return null;
        }

        if (calendar != "month")
        {
            window.Problem("calendar", $"'{calendar}' is not supported; use month");
            return null;
        }

        var zone = TimeZoneInfo.Utc;
        if (zoneName is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out zone))
        {
            window.Problem("timeZone", $"'{zoneName}' is not a known time zone (e.g. UTC, Europe/Paris)");
            return null;
        }

        return new SloWindowSpec(null, zone);
    }

    private static (BudgetingMethod, TimesliceSpec?) ReadBudgeting(YamlMap spec)
    {
        var method = spec.String("budgetingMethod") ?? "occurrences";
        var sliceMap = spec.Map("timeslice");
        TimesliceSpec? slice = null;
        if (sliceMap is not null)
        {
            var duration = sliceMap.Duration("duration", required: true);
            var target = sliceMap.Number("target", required: true);
            sliceMap.RejectUnknown();
            if (duration is { } d && (d < TimeSpan.FromSeconds(1) || d.Ticks % TimeSpan.TicksPerSecond != 0))
            {
                sliceMap.Problem("duration", "must be a whole number of seconds, at least 1s");
            }
            else if (target is { } t && (t <= 0 || t > 100))
            {
                sliceMap.Problem("target", $"{t} must be a percentage above 0 and at most 100");
            }
            else if (duration is { } ok && target is { } tgt)
            {
                slice = new TimesliceSpec(ok, (double)((decimal)tgt / 100m));
            }
        }

        switch (method)
        {
            case "occurrences":
                if (sliceMap is not null)
                {
                    spec.Problem("timeslice", "applies only with budgetingMethod: timeslices");
                }

                return (BudgetingMethod.Occurrences, null);
            case "timeslices":
                if (sliceMap is null)
                {
                    spec.Problem("timeslice", "is required with budgetingMethod: timeslices (duration and target)");
                }

                return (BudgetingMethod.Timeslices, slice);
            default:
                spec.Problem("budgetingMethod", $"'{method}' is not occurrences or timeslices");
                return (BudgetingMethod.Occurrences, null);
        }
    }

    private static SliQuery? ReadIndicator(YamlMap spec, out SliKind kind)
    {
        kind = SliKind.Availability;
        var selector = spec.Map("selector");
        var models = selector?.Strings("models") ?? [];
        var deployments = selector?.Strings("deployments") ?? [];
        var tenants = selector?.Strings("tenants") ?? [];
        selector?.RejectUnknown();
        var groupBy = spec.String("groupBy");
        if (groupBy is not null && groupBy != "tenant")
        {
            spec.Problem("groupBy", $"'{groupBy}' is not supported; use tenant");
        }

        var indicator = spec.Map("indicator", required: true);
        if (indicator is null)
        {
            return null;
        }

        var kindText = indicator.String("kind", required: true);
        var sourceText = indicator.String("source") ?? "requestEvents";
        var latency = indicator.Map("latency");
        var goodput = indicator.Map("goodput");
        indicator.RejectUnknown();
        SliSource? source = sourceText switch
        {
            "requestEvents" => SliSource.RequestEvents,
            "servingHistograms" => SliSource.ServingHistograms,
            "servingCounters" => SliSource.ServingCounters,
            _ => null,
        };
        if (source is null)
        {
            indicator.Problem("source", $"'{sourceText}' is not requestEvents, servingHistograms or servingCounters");
        }

        if (source is not null and not SliSource.RequestEvents)
        {
            // Only request events carry the tenant and the deployment.
            if (groupBy is not null)
            {
                spec.Problem("groupBy", $"tenant grouping needs source requestEvents; {sourceText} do not know the tenant");
            }

            if (tenants.Count > 0 || deployments.Count > 0)
            {
                spec.Problem("selector", $"tenants and deployments can be selected only with source requestEvents, not {sourceText}");
            }
        }

        var query = new SliQuery
        {
            Source = source ?? SliSource.RequestEvents,
            Models = models,
            Deployments = deployments,
            Tenants = tenants,
            GroupByTenant = groupBy == "tenant",
        };
        switch (kindText)
        {
            case "availability":
                kind = SliKind.Availability;
                RejectSection(indicator, "latency", latency, kindText);
                RejectSection(indicator, "goodput", goodput, kindText);
                if (source == SliSource.ServingHistograms)
                {
                    indicator.Problem("source", "availability is counted from requestEvents or servingCounters, not servingHistograms");
                }

                return query with { RequireSuccess = true };
            case "latency":
                kind = SliKind.Latency;
                RejectSection(indicator, "goodput", goodput, kindText);
                return ReadLatency(indicator, latency, query, source);
            case "goodput":
                kind = SliKind.Goodput;
                RejectSection(indicator, "latency", latency, kindText);
                if (source is not null and not SliSource.RequestEvents)
                {
                    indicator.Problem("source", "goodput judges each request on several thresholds at once, which needs requestEvents");
                }

                return ReadGoodput(indicator, goodput, query);
            case null:
                return null;
            default:
                indicator.Problem("kind", $"'{kindText}' is not availability, latency or goodput");
                return null;
        }
    }

    private static SliQuery? ReadLatency(YamlMap indicator, YamlMap? latency, SliQuery query, SliSource? source)
    {
        if (latency is null)
        {
            indicator.Problem("latency", "is required for kind latency (metric and threshold)");
            return null;
        }

        var metric = latency.String("metric", required: true);
        var threshold = latency.Duration("threshold", required: true);
        latency.RejectUnknown();
        if (source == SliSource.ServingCounters)
        {
            indicator.Problem("source", "latency is measured from requestEvents or servingHistograms, not servingCounters");
        }

        if (metric is null || threshold is null)
        {
            return null;
        }

        var seconds = threshold.Value.TotalSeconds;
        if (source == SliSource.ServingHistograms)
        {
            var histogram = metric switch
            {
                "ttft" => ServingHistogramNames.TimeToFirstToken,
                "interToken" => ServingHistogramNames.InterToken,
                "e2e" => ServingHistogramNames.EndToEnd,
                _ => null,
            };
            if (histogram is null)
            {
                latency.Problem("metric", $"'{metric}' is not ttft, interToken or e2e");
                return null;
            }

            return query with { HistogramMetric = histogram, HistogramThreshold = seconds };
        }

        switch (metric)
        {
            case "ttft": return query with { MaxTtftSeconds = seconds, OnlyMeasured = true };
            case "interToken": return query with { MaxInterTokenSeconds = seconds, OnlyMeasured = true };
            case "e2e": return query with { MaxE2eSeconds = seconds, OnlyMeasured = true };
            default:
                latency.Problem("metric", $"'{metric}' is not ttft, interToken or e2e");
                return null;
        }
    }

    private static SliQuery? ReadGoodput(YamlMap indicator, YamlMap? goodput, SliQuery query)
    {
        if (goodput is null)
        {
            indicator.Problem("goodput", "is required for kind goodput (one or more of ttft, interToken, e2e)");
            return null;
        }

        var ttft = goodput.Duration("ttft");
        var itl = goodput.Duration("interToken");
        var e2e = goodput.Duration("e2e");
        goodput.RejectUnknown();
        if (ttft is null && itl is null && e2e is null)
        {
            indicator.Problem("goodput", "needs at least one threshold: ttft, interToken or e2e");
            return null;
        }

        return query with
        {
            RequireSuccess = true,
            MaxTtftSeconds = ttft?.TotalSeconds,
            MaxInterTokenSeconds = itl?.TotalSeconds,
            MaxE2eSeconds = e2e?.TotalSeconds,
        };
    }

    private static AlertingSpec? ReadAlerting(YamlMap spec)
    {
        var alerting = spec.Map("alerting");
        if (alerting is null)
        {
            return new AlertingSpec(BurnRateTable.Default, 0, true);
        }

        var enabled = alerting.Boolean("enabled") ?? true;
        var minEvents = alerting.Number("minEvents") ?? 0;
        if (minEvents < 0)
        {
            alerting.Problem("minEvents", "must not be negative");
        }

        var rows = alerting.Maps("burnRates");
        alerting.RejectUnknown();
        if (rows is null)
        {
            return new AlertingSpec(BurnRateTable.Default, minEvents, enabled);
        }

        if (rows.Count == 0)
        {
            alerting.Problem("burnRates", "must list at least one rule (or be left out for the default table)");
        }

        var rules = new List<BurnRateRule>();
        foreach (var row in rows)
        {
            var severity = row.String("severity", required: true);
            var longWindow = row.Duration("longWindow", required: true);
            var shortWindow = row.Duration("shortWindow", required: true);
            var fraction = row.Number("budgetFraction", required: true);
            var forDuration = row.Has("for") ? row.Duration("for") : TimeSpan.Zero;
            row.RejectUnknown();
            if (fraction is { } f && (f <= 0 || f > 1))
            {
                row.Problem("budgetFraction", $"{f} must be above 0 and at most 1 (0.02 is 2 % of the budget)");
                continue;
            }

            if (longWindow is { } l && shortWindow is { } s && s >= l)
            {
                row.Problem("shortWindow", "must be shorter than longWindow");
                continue;
            }

            if (severity is not null && longWindow is not null && shortWindow is not null && fraction is not null && forDuration is not null)
            {
                rules.Add(new BurnRateRule(severity, longWindow.Value, shortWindow.Value, fraction.Value, forDuration.Value));
            }
        }

        return new AlertingSpec(rules, minEvents, enabled);
    }

    private static void RejectSection(YamlMap indicator, string key, YamlMap? section, string kind)
    {
        if (section is not null)
        {
            indicator.Problem(key, $"does not apply to kind {kind}");
        }
    }
}
