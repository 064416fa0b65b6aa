using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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
        var ingest = new OtlpIngest(options, writer, metrics, time);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggers is not null)
        {
            builder.Services.AddSingleton(loggers);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The body reader bounds bodies itself (on the wire and after inflating), with an OTLP-shaped answer.
            kestrel.Limits.MaxRequestBodySize = null;
            Listen(kestrel, options.HttpListen, HttpProtocols.Http1);
            if (options.GrpcListen is not null)
            {
                Listen(kestrel, options.GrpcListen, HttpProtocols.Http2);
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

        // Kestrel reports bound addresses in listener order: HTTP first, then gRPC.
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)))
            .ToList();
        var http = bound[0];
        var grpcAddress = options.GrpcListen is null ? null : bound[1];
        return new OtlpReceiver(app, ingest, new Uri(http, "/"), grpcAddress);
    }

    /// <summary>Stops listening (requests in flight finish) and disposes the metrics handed to <see cref="StartAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Metrics.Dispose();
    }

    private static void Listen(KestrelServerOptions kestrel, Uri address, HttpProtocols protocols)
    {
        Action<ListenOptions> configure = listen => listen.Protocols = protocols;
        switch (address.Host)
        {
            case "localhost":
                kestrel.ListenLocalhost(address.Port, configure);
                break;
            case "0.0.0.0" or "*" or "+" or "[::]":
                kestrel.ListenAnyIP(address.Port, configure);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port, configure);
                break;
        }
    }
}
