using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Observability.Analytics.Cost;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

// Usage: CostScale [--gpus 1000] [--days 30] [--db PATH] [--memory 4GB] [--rounds 2]
// Generates a month of GPU rows at one-minute resolution (4 GPUs per deployment) and request events (one per
// deployment every five minutes, tenants in turn) inside DuckDB, then times, on the same store and rows:
//   baseline:   one hand-written SQL aggregation, GPU-minutes × price per deployment and hour;
//   allocation: the full allocation run over the month (store aggregates, calibration, split, ledger write).
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(x => x.a[2..], x => args[x.i + 1], StringComparer.Ordinal);
var gpus = int.Parse(options.GetValueOrDefault("gpus", "1000"), CultureInfo.InvariantCulture);
var days = int.Parse(options.GetValueOrDefault("days", "30"), CultureInfo.InvariantCulture);
var db = options.GetValueOrDefault("db", Path.Combine(Path.GetTempPath(), $"cost-scale-{gpus}-{days}.duckdb"));
var memory = options.GetValueOrDefault("memory", "4GB");
var rounds = int.Parse(options.GetValueOrDefault("rounds", "2"), CultureInfo.InvariantCulture);
var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
var minutes = days * 1440;
var storeOptions = new DuckDbStoreOptions { DataSource = db, MemoryLimit = memory };

if (!File.Exists(db))
{
    await using (var store = new DuckDbTelemetryStore(storeOptions))
    {
        await store.InitializeAsync(CancellationToken.None);
    }

    var generate = Stopwatch.StartNew();
    using var connection = new DuckDBConnection(ConnectionString(db, memory));
    connection.Open();
    Execute(connection,
        "INSERT INTO gpu_samples (ts, target, cluster, node, gpu, uuid, model_name, mig_profile, mig_instance_id, namespace, pod, gpu_util_pct, energy_mj) " +
        $"SELECT TIMESTAMP '2026-10-01 00:00:00' + to_seconds(m * 60 + 7), 'dcgm', 'prod', 'node-' || (g // 8), (g % 8)::VARCHAR, 'GPU-' || g, " +
        "'NVIDIA H100 80GB HBM3', '', '', 'inference', 'model-' || (g // 4) || '-0', 40 + (g % 50), 6000000 " +
        $"FROM range({minutes}) t(m), range({gpus}) u(g)");
    Execute(connection,
        "INSERT INTO request_events (ts, request_id, tenant, model, deployment, route, operation, provider, status, error_type, " +
        "input_tokens, output_tokens, cached_input_tokens, cluster, namespace, pod, node, gpu_uuid) " +
        $"SELECT TIMESTAMP '2026-10-01 00:00:00' + to_seconds(m * 300 + 30), m || '-' || d, 'tenant-' || ((m + d) % 5), 'model-' || d, '', '', 'chat', 'vllm', 'success', '', " +
        "200 + ((m * 7 + d) % 900), 50 + ((m * 13 + d) % 400), 0, 'prod', 'inference', 'model-' || d || '-0', '', '' " +
        $"FROM range({minutes / 5}) t(m), range({gpus / 4}) u(d)");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {(long)gpus * minutes:N0} GPU rows and {(long)gpus / 4 * minutes / 5:N0} request events in {generate.Elapsed.TotalSeconds:0.0} s"));
}

var priceBook = Path.Combine(Path.GetTempPath(), $"cost-scale-prices-{Guid.NewGuid():N}.json");
await File.WriteAllTextAsync(priceBook, """
    { "sku_map": { "NVIDIA H100 80GB HBM3": "H100-80GB" },
      "gpu_prices": [ { "sku": "H100-80GB", "pricing": "on_demand", "from": "2026-01-01", "per_gpu_hour": "4.00" } ] }
    """);
var month = new TimeRange(start, start.AddDays(days));
await using (var store = new DuckDbTelemetryStore(storeOptions))
{
    await PriceBookStore.LoadAsync(store, priceBook, "bench", "scale benchmark", TimeProvider.System, CancellationToken.None);
    File.Delete(priceBook);
    for (var round = 1; round <= rounds; round++)
    {
        var baseline = TimeBaseline(ConnectionString(db, memory), month);
        var allocation = Stopwatch.StartNew();
        var result = await new CostAllocationRunner(store, new CostOptions { CalibrationWindow = TimeSpan.Zero }, TimeProvider.System)
            .RunAsync(month, CancellationToken.None);
        allocation.Stop();
        var phase = Stopwatch.StartNew();
        var gpuHours = await store.QueryGpuHoursAsync(month, TimeSpan.FromMinutes(1), CancellationToken.None);
        var gpuSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
        var requestHours = await store.QueryRequestHoursAsync(month, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  of which the store aggregates alone: GPU-hours {gpuSeconds:0.00} s ({gpuHours.Count:N0} rows), request-hours {phase.Elapsed.TotalSeconds:0.00} s ({requestHours.Count:N0} rows)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round}: baseline SQL aggregation {baseline.Seconds:0.00} s (total {baseline.Total:0.00}); allocation {allocation.Elapsed.TotalSeconds:0.00} s " +
            $"({result.Lines:N0} lines, GPU cost {result.GpuCost:0.00}); ratio {allocation.Elapsed.TotalSeconds / baseline.Seconds:0.00}x"));
    }
}

static string ConnectionString(string db, string memory) =>
    new DuckDBConnectionStringBuilder { DataSource = db, MemoryLimit = memory }.ConnectionString;

static (double Seconds, decimal Total) TimeBaseline(string connectionString, TimeRange month)
{
    // The peer: what a hand-written report would do — GPU-minutes per deployment-hour times the price.
    using var connection = new DuckDBConnection(connectionString);
    connection.Open();
    var watch = Stopwatch.StartNew();
    using var command = connection.CreateCommand();
    command.CommandText =
        "SELECT sum(cost) FROM (SELECT date_trunc('hour', ts) AS h, namespace, pod, count(DISTINCT (uuid, epoch_ms(ts) // 60000)) * 4.00 / 60 AS cost " +
        "FROM gpu_samples WHERE ts >= $from AND ts < $to GROUP BY 1, 2, 3)";
    command.Parameters.Add(new DuckDBParameter("from", month.From));
    command.Parameters.Add(new DuckDBParameter("to", month.To));
    var total = Convert.ToDecimal(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    return (watch.Elapsed.TotalSeconds, total);
}

static void Execute(DuckDBConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
