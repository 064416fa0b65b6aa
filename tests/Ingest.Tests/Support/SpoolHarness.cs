using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Spool;

namespace Observability.Ingest.Tests.Support;

/// <summary>
/// A <see cref="SpoolingStore"/> over a real DuckDB file store behind a <see cref="FlakyStore"/>, with its spool in a
/// temporary directory and its meters probed. <see cref="RestartAsync"/> closes everything and opens it again on the same
/// files, as a restarted process would.
/// </summary>
internal sealed class SpoolHarness : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly TempDatabase _database = new();
    private readonly Func<SpoolOptions, SpoolOptions>? _configure;

    public SpoolHarness(TimeProvider time, Func<SpoolOptions, SpoolOptions>? configure = null)
    {
        Time = time;
        _configure = configure;
        (Store, Spooling) = Open();
    }

    public TimeProvider Time { get; }

    public MeterProbe Meters { get; private set; } = new();

    public FlakyStore Store { get; private set; }

    public SpoolingStore Spooling { get; private set; }

    public string SpoolDirectory => _directory.Path;

    public SpoolOptions Options => _configure?.Invoke(Defaults()) ?? Defaults();

    public async Task<int> StoredGpuRowsAsync() => (await Store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count;

    public async Task<List<DateTime>> StoredGpuTimesAsync() =>
        [.. (await Store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Select(r => r.Timestamp)];

    public async Task RestartAsync()
    {
        await Spooling.DisposeAsync();
        Meters.Dispose();
        Meters = new MeterProbe();
        (Store, Spooling) = Open();
    }

    public async ValueTask DisposeAsync()
    {
        await Spooling.DisposeAsync();
        Meters.Dispose();
        _database.Dispose();
        _directory.Dispose();
    }

    private SpoolOptions Defaults() => new() { Directory = _directory.Path, SyncOnAppend = false };

    private (FlakyStore, SpoolingStore) Open()
    {
        var store = new FlakyStore(new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = _database.Path }, Time), Time);
        return (store, new SpoolingStore(store, Options, Time, logger: null, meterFactory: Meters));
    }
}
