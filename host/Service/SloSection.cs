using Observability.Alerts;
using Observability.Analytics.Slo;
using Observability.Collectors.Scraping;

namespace Observability.Host.Service;

/// <summary>The <c>Slo</c> section of <c>obs run</c>'s configuration: SLO files, how often they are computed, where alerts go.</summary>
internal sealed record SloSection
{
    /// <summary>SLO YAML files or directories of them, relative to the configuration file. Default none (no SLOs).</summary>
    public List<string>? Files { get; init; }

    /// <summary>How often every SLO is computed and its alerts evaluated. Default <c>30s</c>.</summary>
    public string? EvaluationInterval { get; init; }

    /// <summary>How often a firing alert is sent again. Default <c>1m</c>.</summary>
    public string? ResendInterval { get; init; }

    /// <summary>Alertmanager base URLs, e.g. <c>http://127.0.0.1:9093/</c>; alerts go to every one.</summary>
    public List<string>? Alertmanagers { get; init; }

    public List<WebhookSection>? Webhooks { get; init; }

    /// <summary>The validated settings with every SLO file loaded, or null when no file is configured.</summary>
    public static SloSettings? ToSettings(SloSection? section, string baseDir, List<string> errors)
    {
        if (section?.Files is not { Count: > 0 } files)
        {
            if (section is not null && (section.Alertmanagers is { Count: > 0 } || section.Webhooks is { Count: > 0 }))
            {
                errors.Add("Slo.Files: list at least one SLO file or directory for alerts to have something to send");
            }

            return null;
        }

        var interval = ConfigDuration.Parse(section.EvaluationInterval, "Slo.EvaluationInterval", errors) ?? TimeSpan.FromSeconds(30);
        var resend = ConfigDuration.Parse(section.ResendInterval, "Slo.ResendInterval", errors) ?? TimeSpan.FromMinutes(1);
        var alertmanagers = new List<Uri>();
        foreach (var (text, i) in (section.Alertmanagers ?? []).Select((t, i) => (t, i)))
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                alertmanagers.Add(url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"));
            }
            else
            {
                errors.Add($"Slo.Alertmanagers[{i}]: '{text}' is not an http(s) URL");
            }
        }

        var webhooks = new List<WebhookTarget>();
        foreach (var (hook, i) in (section.Webhooks ?? []).Select((h, i) => (h, i)))
        {
            if (hook.ToTarget(baseDir, $"Slo.Webhooks[{i}]", errors) is { } target)
            {
                webhooks.Add(target);
            }
        }

        IReadOnlyList<SloDefinition> slos = [];
        try
        {
            slos = SloFileLoader.Load(files.Select(f => Path.GetFullPath(f, baseDir)));
        }
        catch (SloDefinitionException e)
        {
            errors.AddRange(e.Problems.Select(p => $"Slo.Files: {p}"));
        }

        return new SloSettings(slos, interval, new AlertingOptions { ResendInterval = resend }, alertmanagers, webhooks);
    }
}

/// <summary>A signed webhook: its URL and where its shared secret comes from (never the configuration file itself).</summary>
internal sealed record WebhookSection
{
    public string? Url { get; init; }

    /// <summary>Name of an environment variable holding the secret.</summary>
    public string? SecretEnv { get; init; }

    /// <summary>A file holding the secret (trailing newline ignored), relative to the configuration file.</summary>
    public string? SecretFile { get; init; }

    public WebhookTarget? ToTarget(string baseDir, string key, List<string> errors)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add($"{key}.Url: '{Url}' is not an http(s) URL");
            return null;
        }

        string? secret = null;
        if ((SecretEnv is null) == (SecretFile is null))
        {
            errors.Add($"{key}: set exactly one of SecretEnv or SecretFile");
        }
        else if (SecretEnv is not null)
        {
            secret = Environment.GetEnvironmentVariable(SecretEnv);
            if (string.IsNullOrEmpty(secret))
            {
                errors.Add($"{key}.SecretEnv: environment variable {SecretEnv} is not set");
            }
        }
        else
        {
            var path = Path.GetFullPath(SecretFile!, baseDir);
            if (File.Exists(path))
            {
                secret = File.ReadAllText(path).TrimEnd('\r', '\n');
            }
            else
            {
                errors.Add($"{key}.SecretFile: {path}: no such file");
            }
        }

        return string.IsNullOrEmpty(secret) ? null : new WebhookTarget(url, System.Text.Encoding.UTF8.GetBytes(secret));
    }
}

/// <summary>The SLO part of the validated configuration.</summary>
public sealed record SloSettings(
    IReadOnlyList<SloDefinition> Slos,
    TimeSpan EvaluationInterval,
    AlertingOptions Alerting,
    IReadOnlyList<Uri> Alertmanagers,
    IReadOnlyList<WebhookTarget> Webhooks);

public sealed record WebhookTarget(Uri Url, byte[] Secret);
