using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Alerts.Delivery;
using Observability.Alerts.Model;
using Observability.Alerts.State;
using Observability.Alerts.Webhook;
using Observability.Ingest.DuckDb;

namespace Observability.Alerts.Tests.Support;

/// <summary>A state machine over a DuckDB file, delivering to a real signed-webhook receiver, on a fake clock.</summary>
internal sealed class Harness : IAsyncDisposable
{
    public static readonly byte[] Secret = "s3cret-for-tests"u8.ToArray();

    private readonly HttpClient _http = new();
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"alerts-tests-{Guid.NewGuid():N}.duckdb");

    private Harness(WebhookReceiver receiver)
    {
        Receiver = receiver;
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 10, 20, 12, 0, 0, TimeSpan.Zero));

    public WebhookReceiver Receiver { get; }

    public DuckDbTelemetryStore Store { get; private set; } = null!;

    public AlertStateMachine Machine { get; private set; } = null!;

    public AlertMetrics Metrics { get; private set; } = null!;

    public AlertingOptions Options { get; } = new() { ResendInterval = TimeSpan.FromMinutes(1) };

    public MeterProbe Meters { get; } = new();

    public static async Task<Harness> StartAsync()
    {
        var harness = new Harness(new WebhookReceiver(Secret));
        await harness.OpenAsync();
        return harness;
    }

    /// <summary>Closes the store and builds a fresh machine on the same file: what a process restart does.</summary>
    public async Task RestartAsync()
    {
        await Store.DisposeAsync();
        Metrics.Dispose();
        await OpenAsync();
    }

    public Task StepAsync(params AlertCondition[] conditions) =>
        Machine.StepAsync(conditions, _ => true, CancellationToken.None);

    public static AlertCondition Condition(bool active, string tenant = "acme", TimeSpan? forDuration = null, string summary = "burning") => new(
        new Dictionary<string, string> { ["alertname"] = "SloErrorBudgetBurn", ["slo"] = "chat", ["tenant"] = tenant, ["severity"] = "page" },
        new Dictionary<string, string> { ["summary"] = summary },
        active,
        forDuration ?? TimeSpan.Zero);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Metrics.Dispose();
        await Receiver.DisposeAsync();
        Meters.Dispose();
        _http.Dispose();
        File.Delete(_path);
        File.Delete(_path + ".wal");
    }

    private async Task OpenAsync()
    {
        Store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = _path }, Time);
        await Store.InitializeAsync(CancellationToken.None);
        Metrics = new AlertMetrics(Meters);
        var webhook = new WebhookNotifier(_http, Receiver.Url, Secret, Options, Time, NullLogger<WebhookNotifier>.Instance);
        Machine = new AlertStateMachine(Store, new AlertDispatcher([webhook], Metrics), Metrics, Time, Options);
    }
}
