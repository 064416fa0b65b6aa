using System.Diagnostics;
using System.Globalization;
using Observability.ClickHouseIngestBench;
using Observability.ClickHouseStore;
using Observability.Ingest.Contract;
using Observability.Tests.Shared;

// Usage: ClickHouseIngestBench [ROWS=1000000] [ROUNDS=3] [BATCH_ROWS=100000]
// Starts a private clickhouse-server, then per round writes the same GPU rows into two fresh databases with the
// product's schema: once through ClickHouseTelemetryStore.WriteAsync, once with
// `clickhouse-client --query "INSERT INTO ... FORMAT TabSeparated"` reading a file of the same rows.
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

var product = new List<double>();
var client = new List<double>();
for (var round = 1; round <= rounds; round++)
{
    // Alternate who goes first, so background merges of the previous insert burden both equally.
    if (round % 2 == 1)
    {
        product.Add(await ProductAsync(round));
        client.Add(await ClientAsync(round));
    }
    else
    {
        client.Add(await ClientAsync(round));
        product.Add(await ProductAsync(round));
    }

    Console.WriteLine($"round {round}: product {product[^1]:N0} rows/s, clickhouse-client {client[^1]:N0} rows/s");
}

var p = Median(product);
var c = Median(client);
Console.WriteLine($"median of {rounds}: product {p:N0} rows/s, clickhouse-client {c:N0} rows/s, product ÷ client = {p / c:F2}×");
return 0;

async Task<double> ProductAsync(int round)
{
    await using var store = new ClickHouseTelemetryStore(Options($"bench_product_{round}"));
    await store.InitializeAsync(CancellationToken.None);
    var batches = samples.Chunk(batchRows).Select(chunk =>
    {
        var batch = new RowBatch { BatchId = Guid.NewGuid().ToString("N") };
        batch.GpuSamples.AddRange(chunk);
        return batch;
    }).ToList();
    var clock = Stopwatch.StartNew();
    foreach (var batch in batches)
    {
        await store.WriteAsync(batch, CancellationToken.None);
    }

    clock.Stop();
    await Verify($"bench_product_{round}");
    return rows / clock.Elapsed.TotalSeconds;
}

async Task<double> ClientAsync(int round)
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
    }

    clock.Stop();
    await Verify($"bench_client_{round}");
    return rows / clock.Elapsed.TotalSeconds;
}

async Task Verify(string database)
{
    var count = long.Parse((await server.QueryAsync($"SELECT count() FROM {database}.gpu_samples FORMAT TabSeparated")).Trim(), CultureInfo.InvariantCulture);
    if (count != rows)
    {
        throw new InvalidOperationException($"{database}.gpu_samples holds {count} rows, expected {rows}");
    }
}

ClickHouseStoreOptions Options(string database) => new()
{
    Endpoint = server.HttpEndpoint,
    Database = database,
    MaxRowsPerInsert = Math.Min(batchRows, 1_000_000),
};

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static int GpuColumns() => 2 + 1 + 13 + Observability.Ingest.Model.GpuFieldCatalog.Count + 2;
