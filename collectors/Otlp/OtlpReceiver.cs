using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observability.Collectors.Otlp.Grpc;
using Observability.Collectors.Otlp.Http;
using Observability.Collectors.Otlp.Receiving;
using Observability.Ingest.Writer;

namespace Observability.Collectors.Otlp;

/// <summary>
/// The OTLP receiver as a running server: its own Kestrel with an HTTP/1.1 listener for OTLP/HTTP and an HTTP/2
/// cleartext listener for OTLP/gRPC, writing through the shared <see cref="BatchingWriter"/>. Port 0 in a listen
/// address binds a free port; <see cref="HttpAddress"/> and <see cref="GrpcAddress"/> tell which.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, OtlpIngest ingest, Uri httpAddress, Uri? grpcAddress)
    {
        _app = app;
        Ingest = ingest;
        HttpAddress = httpAddress;
        GrpcAddress = grpcAddress;
    }

    public OtlpIngest Ingest { get; }

    public OtlpMetrics Metrics => Ingest.Metrics;

    /// <summary>Base address of OTLP/HTTP (append <c>v1/traces</c> or <c>v1/metrics</c>).</summary>
    public Uri HttpAddress { get; }

    /// <summary>Address of OTLP/gRPC, or null when it is off.</summary>
    public Uri? GrpcAddress { get; }

    public static async Task<OtlpReceiver> StartAsync(
        OtlpOptions options, BatchingWriter writer, TimeProvider time, OtlpMetrics metrics, ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        var ingest = new OtlpIngest(options, writer, metrics, time, loggers?.CreateLogger<OtlpIngest>());
        var builder = UnwatchedWebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // the receiver logs through the ingest's logger; Kestrel's own chatter stays out

        ListenOptions? httpListener = null;
        ListenOptions? grpcListener = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The body reader bounds bodies itself (on the wire and after inflating), with an OTLP-shaped answer.
            kestrel.Limits.MaxRequestBodySize = null;
            httpListener = Listen(kestrel, options.HttpListen, HttpProtocols.Http1);
            if (options.GrpcListen is not null)
            {
                grpcListener = Listen(kestrel, options.GrpcListen, HttpProtocols.Http2);
            }
        });
        builder.Services.AddSingleton(ingest);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(options.MaxBodyBytes, int.MaxValue);
            grpc.EnableDetailedErrors = false;
        });

        var app = builder.Build();
        app.MapOtlpHttp(ingest);
        if (options.GrpcListen is not null)
        {
            app.MapGrpcService<OtlpTraceGrpcService>();
            app.MapGrpcService<OtlpMetricsGrpcService>();
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Binding fills in the port a listener got (port 0 asks for a free one).
        return new OtlpReceiver(app, ingest, AddressOf(httpListener!), grpcListener is null ? null : AddressOf(grpcListener));
    }

    /// <summary>Stops listening (requests in flight finish) and disposes the metrics handed to <see cref="StartAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Metrics.Dispose();
    }

    /// <summary>One listener per address: <c>localhost</c> means IPv4 loopback, <c>0.0.0.0</c> (or <c>*</c>) every IPv4 interface.</summary>
    private static ListenOptions Listen(KestrelServerOptions kestrel, Uri address, HttpProtocols protocols)
    {
        var ip = address.Host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" => IPAddress.Any,
            _ => IPAddress.Parse(address.Host.Trim('[', ']')),
        };
        ListenOptions? created = null;
        kestrel.Listen(ip, address.Port, listen =>
        {
            listen.Protocols = protocols;
            created = listen;
        });
        return created!;
    }

    /// <summary>Where a client reaches the listener: the bound port, on loopback when it listens on every interface.</summary>
    private static Uri AddressOf(ListenOptions listener)
    {
        var endpoint = listener.IPEndPoint!;
        var host = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endpoint.Address;
        return new Uri($"http://{new IPEndPoint(host, endpoint.Port)}/");
    }
}
