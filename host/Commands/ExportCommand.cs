using System.Globalization;
using Observability.Analytics.Cost.Chargeback;
using Observability.Host.Cli;
using Observability.Ingest.DuckDb;

namespace Observability.Host.Commands;

/// <summary>
/// <c>obs export chargeback --month YYYY-MM [--tenant T] [--format csv|json] [--out DIR] [--db PATH]</c>: the month's
/// chargeback files (see <see cref="ChargebackExporter"/>); the first export of a finished month freezes it.
/// </summary>
public static class ExportCommand
{
    public const string Usage = "obs export chargeback --month YYYY-MM [--tenant T] [--format csv|json] [--out DIR] [--db PATH]";

    public static async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Positionals is not ["chargeback"])
        {
            throw new UsageException("export takes one kind: chargeback");
        }

        var month = args.Get("month") ?? throw new UsageException("export chargeback needs --month YYYY-MM");
        var tenant = args.Get("tenant");
        var format = args.Get("format") switch
        {
            null or "csv" => ChargebackFormat.Csv,
            "json" => ChargebackFormat.Json,
            var other => throw new UsageException($"--format takes csv or json (got '{other}')"),
        };
        var outDirectory = args.Get("out") ?? ".";
        var db = args.Get("db") ?? "obs.duckdb";
        args.RejectUnknown();
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = db });
        try
        {
            var export = await new ChargebackExporter(store, TimeProvider.System).ExportAsync(month, tenant, format, outDirectory, cancellationToken).ConfigureAwait(false);
            var revision = export.Revision;
            await stdout.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"chargeback {month}: total {export.Total:0.00} USD, revision {revision.Revision} ({(revision.Revision > 1 ? $"restated by {revision.CreatedBy}: {revision.Reason}" : "as first exported")}), price book v{revision.PriceBookVersion}")).ConfigureAwait(false);
            foreach (var file in export.Files)
            {
                await stdout.WriteLineAsync("  " + file).ConfigureAwait(false);
            }

            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            await stderr.WriteLineAsync("obs: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
