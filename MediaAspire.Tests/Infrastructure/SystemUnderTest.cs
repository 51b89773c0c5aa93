using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Api.Assets;
using MediaAspire.GpuWorker.Jobs;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>The API and one worker, both running against the fixture's servers, with an admin-keyed client.</summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    private SystemUnderTest(ServiceFactory<AssetIngestor> api, ServiceFactory<JobRunner> worker)
    {
        Api = api;
        Worker = worker;
        Client = api.CreateClient();
        Client.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory<AssetIngestor>.AdminKey);
    }

    public ServiceFactory<AssetIngestor> Api { get; }
    public ServiceFactory<JobRunner> Worker { get; }
    public HttpClient Client { get; }

    /// <param name="apiPort">Serve the API on this loopback port with Kestrel (for callers outside the test process, such as
    /// nginx-rtmp's hooks); in memory when null.</param>
    public static SystemUnderTest Start(ServersFixture servers, IReadOnlyDictionary<string, string?>? apiSettings = null,
        IReadOnlyDictionary<string, string?>? workerSettings = null, int? apiPort = null)
    {
        var api = new ServiceFactory<AssetIngestor>(servers, apiSettings);
        var worker = new ServiceFactory<JobRunner>(servers, new Dictionary<string, string?>(workerSettings ?? new Dictionary<string, string?>())
        {
            ["Worker:MaxPollInterval"] = "00:00:00.500",
        });
        if (apiPort is { } port) api.UseKestrel(port);
        api.StartServer();
        worker.StartServer();
        return new SystemUnderTest(api, worker);
    }

    /// <summary>A new key for <paramref name="tenant"/> (created by the operator if new) with <paramref name="scopes"/>.</summary>
    public async Task<string> KeyForTenantAsync(string tenant, params string[] scopes)
    {
        var response = await Client.PostAsJsonAsync("/api/keys", new { name = $"{tenant} key", tenant, scopes = scopes.Length == 0 ? null : scopes });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"creating a key answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>A client with a new key for <paramref name="tenant"/> (see <see cref="KeyForTenantAsync"/>).</summary>
    public async Task<HttpClient> ClientForTenantAsync(string tenant, params string[] scopes)
    {
        var key = await KeyForTenantAsync(tenant, scopes);
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Uploads the file through the admin client (see <see cref="Upload"/>).</summary>
    public Task<JsonElement> UploadAsync(string path, string? filename = null) => Upload.AcceptedAsync(Client, path, filename);

    /// <summary>The job, through the admin client, once it has finished (see <see cref="JobWaiter"/>).</summary>
    public Task<JsonElement> WaitForJobAsync(Guid jobId, TimeSpan? timeout = null) => JobWaiter.FinishedAsync(Client, jobId, timeout);

    /// <summary>The id of the asset's renditions job, once its probe has queued one.</summary>
    public async Task<Guid> WaitForRenditionsJobAsync(string assetUrl) =>
        (await JobWaiter.OnAssetAsync(Client, assetUrl, "renditions", timeout: TimeSpan.FromSeconds(90))).GetProperty("id").GetGuid();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
    }
}
