using System.Globalization;
using Observability.Analytics.Cost;
using Observability.Host.Cli;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.Host.Commands;

/// <summary>
/// <c>obs cost load-prices FILE --reason WHY [--by WHO] [--db PATH]</c> stores a validated price book as a new version;
/// <c>obs cost allocate (--month YYYY-MM | --from T --to T) [--config FILE] [--db PATH]</c> runs the allocation job's
/// work on demand over whole hours.
/// </summary>
public static class CostCommand
{
    public const string Usage =
        "obs cost load-prices FILE --reason WHY [--by WHO] [--db PATH]" + "\n" +
        "  obs cost allocate (--month YYYY-MM | --from ISO --to ISO) [--config FILE] [--db PATH]" + "\n" +
        "  obs cost restate --month YYYY-MM --reason WHY [--by WHO] [--config FILE] [--db PATH]";

    public static async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var verb = args.Positionals.FirstOrDefault() ?? throw new UsageException("cost needs load-prices or allocate");
        var db = args.Get("db") ?? "obs.duckdb";
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = db });
        try
        {
            return verb switch
            {
                "load-prices" => await LoadPricesAsync(args, store, stdout, cancellationToken).ConfigureAwait(false),
                "allocate" => await AllocateAsync(args, store, stdout, cancellationToken).ConfigureAwait(false),
                "restate" => await RestateAsync(args, store, stdout, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException($"unknown cost command '{verb}'"),
            };
        }
        catch (PriceBookException e)
        {
            await stderr.WriteLineAsync("obs: invalid price book:").ConfigureAwait(false);
            foreach (var problem in e.Problems)
            {
                await stderr.WriteLineAsync("  " + problem).ConfigureAwait(false);
            }

            return 1;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FileNotFoundException)
        {
            await stderr.WriteLineAsync("obs: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> LoadPricesAsync(CommandArgs args, DuckDbTelemetryStore store, TextWriter stdout, CancellationToken cancellationToken)
    {
        var path = args.Positionals.Count == 2 ? args.Positionals[1] : throw new UsageException("cost load-prices takes one FILE");
        var reason = args.Get("reason") ?? throw new UsageException("cost load-prices needs --reason: the price-book history records why");
        var by = args.Get("by") ?? Environment.UserName;
        args.RejectUnknown();
        var (version, added) = await PriceBookStore.LoadAsync(store, path, by, reason, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync(added ? $"price book version {version} stored" : $"unchanged: identical to version {version}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RestateAsync(CommandArgs args, DuckDbTelemetryStore store, TextWriter stdout, CancellationToken cancellationToken)
    {
        var month = args.Get("month") ?? throw new UsageException("cost restate needs --month YYYY-MM");
        var reason = args.Get("reason") ?? throw new UsageException("cost restate needs --reason: a restatement records why");
        var by = args.Get("by") ?? Environment.UserName;
        var config = args.Get("config");
        args.RejectUnknown();
        var options = config is null ? new CostOptions() : CostOptionsFile.Load(config);
        using var metrics = new CostMetrics();
        var runner = new CostAllocationRunner(store, options, TimeProvider.System, metrics);
        var revision = await new Analytics.Cost.Chargeback.ChargebackExporter(store, TimeProvider.System)
            .RestateAsync(month, by, reason, runner, cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"{month} restated as revision {revision.Revision} with price book v{revision.PriceBookVersion}; earlier revisions kept").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> AllocateAsync(CommandArgs args, DuckDbTelemetryStore store, TextWriter stdout, CancellationToken cancellationToken)
    {
        var range = RangeArgs.Read(args);
        var config = args.Get("config");
        args.RejectUnknown();
        var options = config is null ? new CostOptions() : CostOptionsFile.Load(config);
        using var metrics = new CostMetrics();
        var result = await new CostAllocationRunner(store, options, TimeProvider.System, metrics).RunAsync(range, cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"allocated [{range.From:yyyy-MM-ddTHH:mm}Z, {range.To:yyyy-MM-ddTHH:mm}Z) with price book v{result.PriceBookVersion}: {result.Lines} lines, " +
            $"GPU cost {Math.Round(result.GpuCost, 2)}, pass-through {Math.Round(result.PassThroughCost, 2)}, " +
            $"{result.GapSlots} gap slots, {result.Unpriced.Sum(u => u.GpuHours):0.##} unpriced GPU-hours, {result.UncostedRequests} uncosted requests")).ConfigureAwait(false);
        foreach (var c in result.Coefficients)
        {
            await stdout.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  gpu_time {c.Model}: {(c.Fitted ? "fitted" : "default ratio")} on {c.Observations} hours, decode/prefill per token {c.Decode / c.Prefill:0.##}")).ConfigureAwait(false);
        }

        return 0;
    }
}

/// <summary><c>--month YYYY-MM</c> or <c>--from</c>/<c>--to</c> (ISO-8601, UTC) as a <see cref="TimeRange"/>.</summary>
public static class RangeArgs
{
    public static TimeRange Read(CommandArgs args)
    {
        var month = args.Get("month");
        var from = args.Get("from");
        var to = args.Get("to");
        if (month is not null && from is null && to is null)
        {
            var start = MonthStart(month);
            return new TimeRange(start, start.AddMonths(1));
        }

        if (month is null && from is not null && to is not null)
        {
            return new TimeRange(Utc(from, "from"), Utc(to, "to"));
        }

        throw new UsageException("give --month YYYY-MM, or --from and --to");
    }

    public static DateTime MonthStart(string month) =>
        DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
            ? start
            : throw new UsageException($"--month takes YYYY-MM (got '{month}')");

    private static DateTime Utc(string text, string name) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new UsageException($"--{name} takes an ISO-8601 UTC time (got '{text}')");
}
