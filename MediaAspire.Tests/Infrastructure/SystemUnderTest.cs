using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Api.Assets;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Json;

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

    public static SystemUnderTest Start(ServersFixture servers, IReadOnlyDictionary<string, string?>? apiSettings = null,
        IReadOnlyDictionary<string, string?>? workerSettings = null)
    {
        var api = new ServiceFactory<AssetIngestor>(servers, apiSettings);
        var worker = new ServiceFactory<JobRunner>(servers, new Dictionary<string, string?>(workerSettings ?? new Dictionary<string, string?>())
        {
            ["Worker:MaxPollInterval"] = "00:00:00.500",
        });
        api.StartServer();
        worker.StartServer();
        return new SystemUnderTest(api, worker);
    }

    /// <summary>A client with a new key for <paramref name="tenant"/> (created by the operator if new) with <paramref name="scopes"/>.</summary>
    public async Task<HttpClient> ClientForTenantAsync(string tenant, params string[] scopes)
    {
        var response = await Client.PostAsJsonAsync("/api/keys", new { name = $"{tenant} key", tenant, scopes = scopes.Length == 0 ? null : scopes });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"creating a key answered {(int)response.StatusCode}: {body}");
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", JsonDocument.Parse(body).RootElement.GetProperty("key").GetString());
        return client;
    }

    public Task<JsonElement> UploadAsync(string path, string? filename = null) => UploadAsync(Client, path, filename);

    public static async Task<JsonElement> UploadAsync(HttpClient client, string path, string? filename = null)
    {
        using var content = new MultipartFormDataContent();
        using var file = new StreamContent(File.OpenRead(path));
        content.Add(file, "file", filename ?? Path.GetFileName(path));
        var response = await client.PostAsync("/api/assets", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"upload answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls the job until it leaves pending/running (fails the test after <paramref name="timeout"/>).</summary>
    public Task<JsonElement> WaitForJobAsync(Guid jobId, TimeSpan? timeout = null) => WaitForJobAsync(Client, jobId, timeout);

    /// <summary>Polls the job through <paramref name="client"/> until it leaves pending/running (fails the test after <paramref name="timeout"/>).</summary>
    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, Guid jobId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}", PlatformJson.Options);
            var state = job.GetProperty("state").GetString();
            if (state is not ("pending" or "running")) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {jobId} still {state}: {job}");
            await Task.Delay(100);
        }
    }

    /// <summary>The id of the asset's renditions job, once its probe has queued one.</summary>
    public async Task<Guid> WaitForRenditionsJobAsync(string assetUrl)
    {
        Guid id = default;
        await WaitUntilAsync(async () =>
        {
            var asset = await Client.GetFromJsonAsync<JsonElement>(assetUrl);
            var job = asset.GetProperty("jobs").EnumerateArray().FirstOrDefault(j => j.GetProperty("kind").GetString() == "renditions");
            if (job.ValueKind == JsonValueKind.Undefined) return false;
            id = job.GetProperty("id").GetGuid();
            return true;
        });
        return id;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not come true in time.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
    }
}
