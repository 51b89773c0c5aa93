using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// The local dashboard: resources with state, health, endpoints, pid, restarts and start time; live
/// console logs per resource over SSE; stop/start/restart; and the platform's own numbers, read from
/// the API. Served on loopback only, and only to its own pages (<see cref="SameOriginGuard"/>): it can stop
/// processes and reads the API with the admin key.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<DashboardServer> StartAsync(DistributedApplication application, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSingleton(application);
        builder.Services.AddHttpClient<PlatformStatsClient>();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (SameOriginGuard.Check(context.Request, context.Connection.LocalPort) is { } refused)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new { error = refused });
                return;
            }
            await next();
        });
        DashboardEndpoints.Map(app, application);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DashboardServer(app, new Uri(address.Replace("127.0.0.1", "localhost")));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
