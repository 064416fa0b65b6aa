using System.Globalization;
using Observability.Collectors.Scraping;
using Observability.FetchCost;

// Usage: FetchCost --file-sd PATH [--interval 5s] [--warmup 30] [--measure 60] [--modes floor,socket,http,scrape,store] [--duckdb-settings k=v,...]
// Scrapes the file_sd targets on their interval in several ways, one after another in this process, and reports the
// process's CPU per scrape for each, so the cost of a scrape can be split into its parts:
//   floor:  one thread, blocking keep-alive sockets, a minimal GET (see SocketFloor);
//   socket: a minimal HTTP/1.1 GET on .NET's asynchronous sockets, one loop per target (see AsyncSocketMode);
//   http:   obs's HttpClient handler and a PeriodicTimer per target, the body read and dropped;
//   scrape: obs's scrape scheduler and scrapers as obs run drives them (fetch, parse, map into rows), the rows dropped;
//   store:  as scrape, with the rows handed to obs's batching writer over the embedded DuckDB store (see StoreMode).
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(x => x.a[2..], x => args[x.i + 1], StringComparer.Ordinal);
if (!options.TryGetValue("file-sd", out var fileSd))
{
    Console.Error.WriteLine("usage: FetchCost --file-sd PATH [--interval 5s] [--warmup 30] [--measure 60] [--modes floor,socket,http,scrape,store] [--duckdb-settings k=v,...]");
    return 2;
}

var interval = FileSdReader.ParseDuration(options.GetValueOrDefault("interval", "5s"));
var warmup = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("warmup", "30"), CultureInfo.InvariantCulture));
var measure = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("measure", "60"), CultureInfo.InvariantCulture));
var modes = options.GetValueOrDefault("modes", "floor,socket,http,scrape,store").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
// DuckDB settings for the store mode, e.g. --duckdb-settings checkpoint_threshold=16MB
var duckDbSettings = options.GetValueOrDefault("duckdb-settings", "").Split(',', StringSplitOptions.RemoveEmptyEntries)
    .Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim(), StringComparer.Ordinal);
var targets = FileSdReader.Parse(await File.ReadAllTextAsync(fileSd), fileSd);
Console.WriteLine(FormattableString.Invariant($"{targets.Count} targets every {interval.TotalSeconds:0.#} s; per mode {warmup.TotalSeconds:0} s warm-up, {measure.TotalSeconds:0} s measured"));

var results = new List<ModeResult>();
foreach (var mode in modes)
{
    var measurement = new Measurement();
    using var stop = new CancellationTokenSource();
    Task run = mode switch
    {
        "floor" => Task.Factory.StartNew(() => SocketFloor.Run([.. targets.Select(t => t.Url)], interval, measurement, stop.Token), TaskCreationOptions.LongRunning),
        "http" => HttpModes.FetchAsync(targets, interval, measurement, stop.Token),
        "socket" => AsyncSocketMode.RunAsync(targets, interval, measurement, stop.Token),
        "scrape" => HttpModes.ScrapeAsync(targets, interval, measurement, stop.Token),
        "store" => StoreMode.RunAsync(
            targets, interval, measurement, Path.Combine(Path.GetTempPath(), $"fetch-cost-{Environment.ProcessId}.duckdb"), duckDbSettings, stop.Token),
        _ => throw new ArgumentException($"unknown mode '{mode}' (floor, socket, http, scrape, store)"),
    };
    await Task.Delay(warmup);
    measurement.Start();
    await Task.Delay(measure);
    results.Add(measurement.Stop(mode));
    await stop.CancelAsync();
    await run;
}

// Per sample, every mode is read against the samples per scrape the scrape mode parsed.
var samplesPerScrape = results.FirstOrDefault(r => r.SamplesPerScrape > 0)?.SamplesPerScrape ?? double.NaN;
Console.WriteLine("| mode   | scrapes/s | KB/scrape | CPU µs/scrape | CPU µs/sample |");
Console.WriteLine("|--------|----------:|----------:|--------------:|--------------:|");
foreach (var r in results)
{
    Console.WriteLine(FormattableString.Invariant(
        $"| {r.Mode,-6} | {r.ScrapesPerSecond,9:0.0} | {(r.KilobytesPerScrape > 0 ? r.KilobytesPerScrape.ToString("0.0", CultureInfo.InvariantCulture) : "—"),9} | {r.CpuMicrosecondsPerScrape,13:0} | {r.CpuMicrosecondsPerScrape / samplesPerScrape,13:0.000} |"));
}

Console.WriteLine(FormattableString.Invariant($"samples per scrape: {samplesPerScrape:0.0}"));
return 0;
