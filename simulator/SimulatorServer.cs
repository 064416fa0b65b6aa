using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Observability.Simulator.Implementation.Rendering;

namespace Observability.Simulator;

/// <summary>
/// Serves every <see cref="FleetSimulator.Endpoints"/> page from one Kestrel listener on
/// 127.0.0.1 (never any other interface), so a scraper needs only a list of URLs:
/// <c>/dcgm/{node}/metrics</c>, <c>/vllm/{replica}/metrics</c>, <c>/triton/{replica}/metrics</c>,
/// and <c>/targets</c> (JSON list of <see cref="SimulatedTarget"/>). Port 0 picks a free port;
/// <see cref="Targets"/> has the resulting URLs once started. Responses are Prometheus text 0.0.4,
/// gzip-compressed when the request accepts gzip.
/// </summary>
public sealed class SimulatorServer : IHostedService, IAsyncDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly JsonSerializerOptions JsonOptions = new() { Converters = { new JsonStringEnumConverter() }, WriteIndented = true };

    private readonly FleetSimulator simulator;
    private readonly int port;
    private readonly SemaphoreSlim transition = new(1, 1);
    private readonly ConcurrentDictionary<string, int> lastSize = new(StringComparer.Ordinal);
    private WebApplication? app;
    private ITimer? ticker;

    public SimulatorServer(FleetSimulator simulator, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        this.simulator = simulator;
        this.port = port;
    }

    /// <summary>http://127.0.0.1:port once started, otherwise null.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>One target per endpoint with its absolute URL; empty until started.</summary>
    public IReadOnlyList<SimulatedTarget> Targets { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await transition.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (app is not null)
            {
                return;
            }

            // The empty builder reads no appsettings or environment, so nothing can rebind the listener.
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
            var started = builder.Build();
            started.Run(HandleAsync);
            try
            {
                await started.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Leave nothing half-started behind: a later StartAsync begins from scratch.
                await started.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            var address = started.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
            Targets = [.. simulator.Endpoints.Select(e => new SimulatedTarget(new Uri(BaseAddress, e.Path), e.Kind, e.Node, e.Labels))];

            // Scrapes advance the simulation anyway; ticking every second as well means a scrape after
            // a quiet spell never pays for minutes of catch-up under the lock.
            ticker = simulator.Time.CreateTimer(static s => ((FleetSimulator)s!).Advance(), simulator, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            app = started;
        }
        finally
        {
            transition.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await transition.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (app is null)
            {
                return;
            }

            var stopping = app;
            app = null;
            ticker?.Dispose();
            ticker = null;
            Targets = [];
            BaseAddress = null;
            try
            {
                await stopping.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await stopping.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            transition.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var path = request.Path.Value ?? "";
        if (path == "/targets")
        {
            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, Targets, JsonOptions, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var endpoint = simulator.FindEndpoint(path);
        if (endpoint is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var buffer = new PooledBufferWriter(lastSize.GetValueOrDefault(path, 16 * 1024) + 1024);
        simulator.Render(endpoint, buffer);
        lastSize[path] = buffer.WrittenCount;
        response.ContentType = ContentType;
        if (AcceptsGzip(request))
        {
            response.Headers.ContentEncoding = "gzip";
            response.Headers.Vary = "Accept-Encoding";
            var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                await gzip.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e =>
            (e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || e.Value.Equals("*", StringComparison.Ordinal))
            && (e.Quality ?? 1) > 0);
}
