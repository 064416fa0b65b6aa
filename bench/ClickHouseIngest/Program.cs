using System.Diagnostics;
using System.Globalization;
using Observability.ClickHouseIngestBench;
using Observability.ClickHouseStore;
using Observability.Ingest.Contract;
using Observability.Tests.Shared;

// Usage: ClickHouseIngestBench [ROWS=1000000] [ROUNDS=3] [BATCH_ROWS=100000]
// Starts a private clickhouse-server, then per round writes the same GPU rows into fresh databases with the
// product's schema (rollup views included): through ClickHouseTelemetryStore.WriteAsync (all rows as one batch, and
// in BATCH_ROWS-row batches), and with `clickhouse-client --query "INSERT INTO ... FORMAT TabSeparated"` reading a
// file of the same rows. Wall-clock rows/s, plus the CPU seconds of the writer and of the server.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var batchRows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;

Console.WriteLine($"generating {rows:N0} GPU rows (1,024 GPUs, {GpuColumns()} columns each)...");
var samples = FleetRows.Generate(rows, 1024);
await using var server = await ClickHouseServer.StartNewAsync();
var tsv = Path.Combine(server.Directory, "rows.tsv");
TsvExport.Write(tsv, samples, "client");
Console.WriteLine($"clickhouse-server on 127.0.0.1:{server.HttpPort}; TSV file {new FileInfo(tsv).Length / 1e6:F0} MB");

// One small write first, so the product's figures are of compiled code, not of the JIT's first pass.
await using (var warm = new ClickHouseTelemetryStore(Options("bench_warmup")))
{
    var batch = new RowBatch();
    batch.GpuSamples.AddRange(samples.Take(Math.Min(rows, 50_000)));
    await warm.WriteAsync(batch, CancellationToken.None);
    await server.QueryAsync("DROP DATABASE bench_warmup");
}

// Three contenders per round, in a rotating order: clickhouse-client with the whole file, the product given all rows
// as one batch (a spool replay or backfill), and the product given BATCH_ROWS-row batches (a busy collector).
var names = new[] { "clickhouse-client", "product, one batch", $"product, {batchRows:N0}-row batches" };
var rates = names.ToDictionary(n => n, _ => new List<double>());
var perCpu = names.ToDictionary(n => n, _ => new List<double>());
for (var round = 1; round <= rounds; round++)
{
    var line = new List<string>();
    for (var k = 0; k < names.Length; k++)
    {
        var which = (k + round) % names.Length;
        var (rate, own, serverCpu) = which switch
        {
            0 => await ClientAsync(round),
            1 => await ProductAsync(round, rows),
            _ => await ProductAsync(round, batchRows),
        };
        rates[names[which]].Add(rate);
        perCpu[names[which]].Add(rows / (own + serverCpu));
        line.Add($"{names[which]} {rate:N0} rows/s (CPU s: own {own:F1}, server {serverCpu:F1})");
    }

    Console.WriteLine($"round {round}: {string.Join("; ", line)}");
}

// Wall-clock rates swing with whatever else the machine runs; rows per CPU second (writer plus server) do not.
var c = Median(rates[names[0]]);
var cc = Median(perCpu[names[0]]);
Console.WriteLine($"median of {rounds}: {names[0]} {c:N0} rows/s, {cc:N0} rows per CPU second");
foreach (var name in names.Skip(1))
{
    var p = Median(rates[name]);
    var pc = Median(perCpu[name]);
    Console.WriteLine($"median of {rounds}: {name} {p:N0} rows/s ({p / c:F2}× client), {pc:N0} rows per CPU second ({pc / cc:F2}× client)");
}

return 0;

async Task<(double Rate, double Own, double Server)> ProductAsync(int round, int batchSize)
{
    var database = $"bench_product_{batchSize}_{round}";
    await using var store = new ClickHouseTelemetryStore(Options(database));
    await store.InitializeAsync(CancellationToken.None);
    var batches = samples.Chunk(batchSize).Select(chunk =>
    {
        var batch = new RowBatch { BatchId = Guid.NewGuid().ToString("N") };
        batch.GpuSamples.AddRange(chunk);
        return batch;
    }).ToList();
    var ownBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var serverBefore = ServerCpu();
    var clock = Stopwatch.StartNew();
    foreach (var batch in batches)
    {
        await store.WriteAsync(batch, CancellationToken.None);
    }

    clock.Stop();
    var cpu = ((Process.GetCurrentProcess().TotalProcessorTime - ownBefore).TotalSeconds, ServerCpu() - serverBefore);
    await Verify(database);
    return (rows / clock.Elapsed.TotalSeconds, cpu.Item1, cpu.Item2);
}

async Task<(double Rate, double Own, double Server)> ClientAsync(int round)
{
    await using (var store = new ClickHouseTelemetryStore(Options($"bench_client_{round}")))
    {
        await store.InitializeAsync(CancellationToken.None);
    }

    var info = new ProcessStartInfo("clickhouse-client")
    {
        RedirectStandardInput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    foreach (var a in new[] { "--host", "127.0.0.1", "--port", server.TcpPort.ToString(CultureInfo.InvariantCulture), "--query", $"INSERT INTO bench_client_{round}.gpu_samples FORMAT TabSeparated" })
    {
        info.ArgumentList.Add(a);
    }

    var serverBefore = ServerCpu();
    var childrenBefore = ProcCpu("self", 13);
    var clock = Stopwatch.StartNew();
    using (var process = Process.Start(info)!)
    {
        await using (var input = File.OpenRead(tsv))
        {
            await input.CopyToAsync(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"clickhouse-client failed: {error}");
        }

        clock.Stop();
    }

    var cpu = (ProcCpu("self", 13) - childrenBefore, ServerCpu() - serverBefore);
    await Verify($"bench_client_{round}");
    return (rows / clock.Elapsed.TotalSeconds, cpu.Item1, cpu.Item2);
}

async Task Verify(string database)
{
    var count = long.Parse((await server.QueryAsync($"SELECT count() FROM {database}.gpu_samples FORMAT TabSeparated")).Trim(), CultureInfo.InvariantCulture);
    if (count != rows)
    {
        throw new InvalidOperationException($"{database}.gpu_samples holds {count} rows, expected {rows}");
    }

    // Dropped at once, so its background merges do not slow the next contender.
    await server.QueryAsync($"DROP DATABASE {database}");
}

ClickHouseStoreOptions Options(string database) => new()
{
    Endpoint = server.HttpEndpoint,
    Database = database,
    MaxRowsPerInsert = 1_000_000,
};

// utime + stime of the server process, in seconds.
double ServerCpu() => ProcCpu(server.ProcessId.ToString(CultureInfo.InvariantCulture), 11);

// Two consecutive CPU-time fields of /proc/PID/stat (11: own utime+stime; 13: reaped children's), in seconds.
static double ProcCpu(string pid, int field)
{
    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return (long.Parse(fields[field], CultureInfo.InvariantCulture) + long.Parse(fields[field + 1], CultureInfo.InvariantCulture)) / 100.0;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static int GpuColumns() => 2 + 1 + 13 + Observability.Ingest.Model.GpuFieldCatalog.Count + 2;
