using System.Text.Json;
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
/// the API. Served on loopback only: it can stop processes and shows secrets' effects.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
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

    internal static Task WriteJsonAsync(HttpResponse response, object value) =>
        response.WriteAsync(JsonSerializer.Serialize(value, Json));
}
