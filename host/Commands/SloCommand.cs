using System.Globalization;
using System.Net.Http.Json;
using Observability.Alerts.State;
using Observability.Analytics.Slo;
using Observability.Host.Cli;
using Observability.Host.Service;
using Observability.Ingest.Contract;

namespace Observability.Host.Commands;

/// <summary>
/// <c>obs slo status</c>: the table of every SLO now (SLO, window, SLI, budget left, fastest burn, alert state), from
/// a running service (<c>--url</c>) or computed from the store; <c>obs slo report --month YYYY-MM</c>: the monthly
/// compliance report (CSV and a PNG chart per SLO).
/// </summary>
public static class SloCommand
{
    public const string Usage = "obs slo status --config FILE [--url http://127.0.0.1:9464] | obs slo report --config FILE --month YYYY-MM [--out DIR]";

    public static async Task<int> RunAsync(CommandArgs args, TextWriter stdout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Positionals.FirstOrDefault() switch
        {
            "status" => await StatusAsync(args, stdout, cancellationToken).ConfigureAwait(false),
            "report" => await ReportAsync(args, stdout, cancellationToken).ConfigureAwait(false),
            var other => throw new UsageException(other is null ? "slo needs status or report" : $"unknown slo command '{other}'"),
        };
    }

    private static async Task<int> StatusAsync(CommandArgs args, TextWriter stdout, CancellationToken cancellationToken)
    {
        var url = args.Get("url");
        var configPath = args.Get("config");
        args.RejectUnknown();
        IReadOnlyList<SloStatus> statuses;
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
            {
                throw new UsageException($"--url: '{url}' is not an absolute URL");
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            statuses = await http.GetFromJsonAsync<List<SloStatus>>(new Uri(baseUrl, "api/v1/slo"), cancellationToken).ConfigureAwait(false) ?? [];
        }
        else
        {
            var (config, slos) = LoadConfig(configPath);
            var time = TimeProvider.System;
            await using var store = await StoreOpener.OpenAsync(config, time, cancellationToken).ConfigureAwait(false);
            var evaluator = new SloEvaluator((ISloStore)store, time);
            var evaluations = new List<SloEvaluation>();
            foreach (var slo in slos)
            {
                evaluations.Add(await evaluator.EvaluateAsync(slo, cancellationToken).ConfigureAwait(false));
            }

            var alerts = (await ((IAlertStateStore)store).LoadAlertStatesAsync(cancellationToken).ConfigureAwait(false)).Select(AlertState.FromRow).ToList();
            statuses = SloStatus.From(evaluations, alerts);
        }

        await stdout.WriteAsync(SloStatusTable.Render(statuses)).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ReportAsync(CommandArgs args, TextWriter stdout, CancellationToken cancellationToken)
    {
        var monthText = args.Get("month") ?? throw new UsageException("slo report needs --month YYYY-MM");
        var configPath = args.Get("config");
        var outDir = args.Get("out");
        args.RejectUnknown();
        if (!DateOnly.TryParseExact(monthText + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            throw new UsageException($"--month: '{monthText}' is not a month like 2026-10");
        }

        var (config, slos) = LoadConfig(configPath);
        await using var store = await StoreOpener.OpenAsync(config, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var reports = new List<SloMonthReport>();
        foreach (var slo in slos)
        {
            reports.Add(await SloMonthReport.BuildAsync((ISloStore)store, slo, month.Year, month.Month, cancellationToken).ConfigureAwait(false));
        }

        var files = await SloReportWriter.WriteAsync(reports, outDir ?? $"slo-report-{monthText}", cancellationToken).ConfigureAwait(false);
        foreach (var report in reports)
        {
            foreach (var group in report.Groups)
            {
                var last = report.Final(group);
                var sli = last is null || double.IsNaN(last.MonthToDateSli) ? "n/a" : (last.MonthToDateSli * 100).ToString("0.000", CultureInfo.InvariantCulture) + " %";
                var who = group.Length == 0 ? string.Empty : $" ({group})";
                await stdout.WriteLineAsync($"{report.Slo.Name}{who}: {sli} against {report.Slo.Objective * 100:0.###} % — {(report.Met(group) ? "met" : "missed")}").ConfigureAwait(false);
            }
        }

        foreach (var file in files)
        {
            await stdout.WriteLineAsync("wrote " + file).ConfigureAwait(false);
        }

        return 0;
    }

    private static (ServiceConfig Config, IReadOnlyList<SloDefinition> Slos) LoadConfig(string? path)
    {
        var config = ServiceConfigLoader.Load(path ?? throw new UsageException("this command needs --config FILE (the service's configuration)"));
        if (config.Slo is not { Slos.Count: > 0 } slo)
        {
            throw new ConfigException([$"{path}: Slo.Files: no SLO files are configured"]);
        }

        return (config, slo.Slos);
    }
}
