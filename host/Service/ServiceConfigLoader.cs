using System.Text.Json;
using Observability.Collectors.Otlp;
using Observability.Collectors.Scraping;
using Observability.ClickHouseStore;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Writer;
using Observability.RemoteWrite;

namespace Observability.Host.Service;

/// <summary>
/// Reads and validates the service's JSON configuration, reporting every problem at once as
/// <c>FILE: Section.Key: reason</c>, so an operator fixes a file in one pass.
/// </summary>
public static class ServiceConfigLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static ServiceConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException([$"{path}: no such file"]);
        }

        ServiceConfigFile file;
        try
        {
            file = JsonSerializer.Deserialize<ServiceConfigFile>(File.ReadAllText(path), Json) ?? new ServiceConfigFile();
        }
        catch (JsonException e)
        {
            throw new ConfigException([$"{path}: {e.Message}"]);
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return FromFile(file, baseDir, path);
    }

    internal static ServiceConfig FromFile(ServiceConfigFile file, string baseDir, string source)
    {
        var errors = new List<string>();
        var store = file.Store ?? new StoreSection();
        if (store.Kind is not (null or "duckdb" or "clickhouse"))
        {
            errors.Add($"Store.Kind: '{store.Kind}' is not supported; use duckdb or clickhouse");
        }

        var clickHouse = store.Kind == "clickhouse" ? ClickHouseOptions(store, errors, Duration) : null;
        if (store.Kind != "clickhouse" && store.ClickHouse is not null)
        {
            errors.Add("Store.ClickHouse: only used with Store.Kind \"clickhouse\"");
        }

        if (store.Threads is < 1)
        {
            errors.Add($"Store.Threads must be at least 1 (got {store.Threads})");
        }

        var scrape = file.Scrape ?? new ScrapeSection();
        var defaults = new ScrapeOptions();
        var targets = new List<ScrapeTarget>();
        for (var i = 0; i < (scrape.Targets?.Count ?? 0); i++)
        {
            var t = scrape.Targets![i];
            if (!Uri.TryCreate(t.Url, UriKind.Absolute, out var url))
            {
                errors.Add($"Scrape.Targets[{i}].Url: '{t.Url}' is not an absolute URL");
                continue;
            }

            targets.Add(new ScrapeTarget
            {
                Url = url,
                Job = t.Job ?? "default",
                Interval = Duration(t.Interval, $"Scrape.Targets[{i}].Interval"),
                Timeout = Duration(t.Timeout, $"Scrape.Targets[{i}].Timeout"),
                Labels = t.Labels ?? [],
                KeepUnmapped = t.KeepUnmapped,
            });
        }

        var options = new ScrapeOptions
        {
            StaticTargets = targets,
            FileSdPaths = (scrape.FileSd ?? []).Select(p => Path.GetFullPath(p, baseDir)).ToList(),
            FileSdRefreshInterval = Duration(scrape.FileSdRefreshInterval, "Scrape.FileSdRefreshInterval") ?? defaults.FileSdRefreshInterval,
            DefaultInterval = Duration(scrape.DefaultInterval, "Scrape.DefaultInterval") ?? defaults.DefaultInterval,
            DefaultTimeout = Duration(scrape.DefaultTimeout, "Scrape.DefaultTimeout") ?? defaults.DefaultTimeout,
            MaxConcurrentScrapes = scrape.MaxConcurrentScrapes ?? defaults.MaxConcurrentScrapes,
            MaxBodyBytes = scrape.MaxBodyBytes ?? defaults.MaxBodyBytes,
            MaxSamplesPerScrape = scrape.MaxSamplesPerScrape ?? defaults.MaxSamplesPerScrape,
            MaxLabelCount = scrape.MaxLabelCount ?? defaults.MaxLabelCount,
            MaxLabelLength = scrape.MaxLabelLength ?? defaults.MaxLabelLength,
            KeepUnmapped = scrape.KeepUnmapped ?? defaults.KeepUnmapped,
            Lenient = scrape.Lenient ?? defaults.Lenient,
            EnableCompression = scrape.EnableCompression ?? defaults.EnableCompression,
        };
        errors.AddRange(ScrapeOptionsValidator.Validate(options));

        var writer = file.Writer ?? new WriterSection();
        var writerDefaults = new BatchingWriterOptions();
        var maxBatch = writer.MaxBatchRows ?? writerDefaults.MaxBatchRows;
        var maxBuffered = writer.MaxBufferedRows ?? writerDefaults.MaxBufferedRows;
        if (maxBatch < 1) errors.Add($"Writer.MaxBatchRows must be at least 1 (got {maxBatch})");
        if (maxBuffered < maxBatch) errors.Add($"Writer.MaxBufferedRows ({maxBuffered}) must be at least Writer.MaxBatchRows ({maxBatch})");
        var flush = Duration(writer.FlushInterval, "Writer.FlushInterval") ?? writerDefaults.FlushInterval;

        var spool = SpoolSection.ToOptions(file.Spool, baseDir, errors);
        var slo = SloSection.ToSettings(file.Slo, baseDir, errors);

        var listenText = file.Http?.Listen ?? "http://127.0.0.1:9464";
        if (!Uri.TryCreate(listenText, UriKind.Absolute, out var listen))
        {
            errors.Add($"Http.Listen: '{listenText}' is not an absolute URL");
        }

        var remoteWrite = ReadRemoteWrite(file.RemoteWrite);
        errors.AddRange(RemoteWriteOptionsValidator.Validate(remoteWrite));

        var otlp = OtlpOptionsFrom(file.Otlp, errors, Duration);

        Analytics.Cost.CostOptions? cost = null;
        if (file.Cost is { Enabled: not false } costSection)
        {
            try
            {
                cost = costSection.Options is null ? new() : Analytics.Cost.CostOptionsFile.Load(Path.GetFullPath(costSection.Options, baseDir));
            }
            catch (Exception e) when (e is ArgumentException or IOException)
            {
                errors.Add($"Cost.Options: {e.Message}");
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors.Select(e => $"{source}: {e}").ToList());
        }

        var storePath = Path.GetFullPath(store.Path ?? "obs.duckdb", baseDir);
        return new ServiceConfig(storePath, store.MemoryLimit, store.Threads, store.Settings ?? [], options, maxBatch, flush, maxBuffered, listen!, spool, clickHouse, slo) { RemoteWrite = remoteWrite, Otlp = otlp, Cost = cost, StoreIdleMemoryLimit = IdleMemoryLimit(store) };

        RemoteWriteOptions ReadRemoteWrite(RemoteWriteSection? section)
        {
            var defaults = new RemoteWriteOptions();
            if (section is null)
            {
                return defaults;
            }

            var sources = new List<RemoteWriteSourceRule>();
            for (var i = 0; i < (section.Sources?.Count ?? 0); i++)
            {
                var rule = section.Sources![i];
                if (string.IsNullOrEmpty(rule.Job))
                {
                    errors.Add($"RemoteWrite.Sources[{i}].Job is required (a regular expression for the job label)");
                    continue;
                }

                sources.Add(new RemoteWriteSourceRule { Job = rule.Job, Mappers = rule.Mappers ?? [], KeepUnmapped = rule.KeepUnmapped });
            }

            return new RemoteWriteOptions
            {
                Enabled = section.Enabled ?? defaults.Enabled,
                MaxBodyBytes = section.MaxBodyBytes ?? defaults.MaxBodyBytes,
                MaxDecodedBytes = section.MaxDecodedBytes ?? defaults.MaxDecodedBytes,
                AssemblyDelay = Duration(section.AssemblyDelay, "RemoteWrite.AssemblyDelay") ?? defaults.AssemblyDelay,
                MaxPendingSamples = section.MaxPendingSamples ?? defaults.MaxPendingSamples,
                MaxFutureSkew = Duration(section.MaxFutureSkew, "RemoteWrite.MaxFutureSkew") ?? defaults.MaxFutureSkew,
                MaxLabelCount = section.MaxLabelCount ?? defaults.MaxLabelCount,
                MaxLabelLength = section.MaxLabelLength ?? defaults.MaxLabelLength,
                KeepUnmapped = section.KeepUnmapped ?? defaults.KeepUnmapped,
                RetryAfter = Duration(section.RetryAfter, "RemoteWrite.RetryAfter") ?? defaults.RetryAfter,
                Sources = sources,
            };
        }

        TimeSpan? Duration(string? text, string key) => ConfigDuration.Parse(text, key, errors);
    }

    /// <summary><c>Store.IdleMemoryLimit</c>: absent or <c>off</c> is none (one limit throughout).</summary>
    private static string? IdleMemoryLimit(StoreSection store) =>
        "off".Equals(store.IdleMemoryLimit, StringComparison.OrdinalIgnoreCase) ? null : store.IdleMemoryLimit;

    /// <summary>The ClickHouse sub-section as store options; every problem is added to <paramref name="errors"/>.</summary>
    private static ClickHouseStoreOptions? ClickHouseOptions(StoreSection store, List<string> errors, Func<string?, string, TimeSpan?> duration)
    {
        if (store.Path is not null || store.MemoryLimit is not null || store.IdleMemoryLimit is not null || store.Threads is not null || store.Settings is not null)
        {
            errors.Add("Store: Path, MemoryLimit, IdleMemoryLimit, Threads and Settings are DuckDB options; with Kind \"clickhouse\" use Store.ClickHouse");
        }

        var section = store.ClickHouse ?? new ClickHouseSection();
        var defaults = new ClickHouseStoreOptions();
        var endpoint = defaults.Endpoint;
        if (section.Endpoint is not null && !Uri.TryCreate(section.Endpoint, UriKind.Absolute, out endpoint))
        {
            errors.Add($"Store.ClickHouse.Endpoint: '{section.Endpoint}' is not an absolute URL");
            return null;
        }

        var options = new ClickHouseStoreOptions
        {
            Endpoint = endpoint!,
            Database = section.Database ?? defaults.Database,
            User = section.User ?? defaults.User,
            Password = section.Password ?? defaults.Password,
            Cluster = section.Cluster,
            RequestTimeout = duration(section.RequestTimeout, "Store.ClickHouse.RequestTimeout") ?? defaults.RequestTimeout,
            MaxRowsPerInsert = section.MaxRowsPerInsert ?? defaults.MaxRowsPerInsert,
            InsertParallelism = section.InsertParallelism ?? defaults.InsertParallelism,
        };
        var problems = options.Validate();
        errors.AddRange(problems.Select(p => "Store.ClickHouse." + p));
        return problems.Count == 0 ? options : null;
    }

    /// <summary>The receiver's options, or null when the section is absent or disabled; problems go to <paramref name="errors"/>.</summary>
    private static OtlpOptions? OtlpOptionsFrom(OtlpSection? section, List<string> errors, Func<string?, string, TimeSpan?> duration)
    {
        if (section is null || section.Enabled == false)
        {
            return null;
        }

        var defaults = new OtlpOptions();
        var options = new OtlpOptions
        {
            HttpListen = Url(section.HttpListen, "Otlp.HttpListen") ?? defaults.HttpListen,
            GrpcListen = section.GrpcListen is "" ? null : Url(section.GrpcListen, "Otlp.GrpcListen") ?? defaults.GrpcListen,
            MaxBodyBytes = section.MaxBodyBytes ?? defaults.MaxBodyBytes,
            TenantAttribute = section.TenantAttribute ?? defaults.TenantAttribute,
            TenantFallbacks = section.TenantFallbacks ?? defaults.TenantFallbacks,
            RetryAfter = duration(section.RetryAfter, "Otlp.RetryAfter") ?? defaults.RetryAfter,
            MaxFutureSkew = duration(section.MaxFutureSkew, "Otlp.MaxFutureSkew") ?? defaults.MaxFutureSkew,
            MaxCumulativeSeries = section.MaxCumulativeSeries ?? defaults.MaxCumulativeSeries,
        };
        errors.AddRange(OtlpOptionsValidator.Validate(options));
        return options;

        Uri? Url(string? text, string key)
        {
            if (text is null)
            {
                return null;
            }

            if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                return uri;
            }

            errors.Add($"{key}: '{text}' is not an absolute URL");
            return null;
        }
    }
}

/// <summary>Every problem found in a configuration file, one per line.</summary>
public sealed class ConfigException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
