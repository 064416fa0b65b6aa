using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>The product's <c>POST /api/v1/write</c> on a real Kestrel listener on 127.0.0.1, on a port it picks itself.</summary>
internal sealed class IntakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IntakeServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Uri WriteUrl => new(Address, RemoteWriteEndpoint.Path);

    public static async Task<IntakeServer> StartAsync(RemoteWriteIntake intake, long maxBodyBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapRemoteWrite(intake, maxBodyBytes);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IntakeServer(app, new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
