using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.AppHost;

/// <summary>
/// The application model, started in the test with Aspire.Hosting.Testing: references inject exactly Aspire's
/// configuration names, WaitFor gates the services on the databases, and an upload through the API is probed and
/// rendered by the worker.
/// </summary>
public sealed class AppHostTests : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("mediaaspire-apphost-testing-").FullName;
    private DistributedApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MediaAspire_AppHost>(
            [$"--StateDirectory={_state}", "--Parameters:admin-key=apphost-testing-admin-key"]);
        _app = await builder.BuildAsync();
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _app.StartAsync(start.Token);
        foreach (var resource in (string[])["postgres", "mediadb", "cache", "api", "gpuworker"])
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);
    }

    [Fact]
    public async Task Services_get_Aspires_connection_strings_and_an_upload_is_probed_and_rendered()
    {
        var model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        var api = model.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
        var worker = model.Resources.OfType<ProjectResource>().Single(r => r.Name == "gpuworker");
        // What DCP hands the processes; Aspire 13.6 marks this reader obsolete in favour of a builder meant for integrations.
#pragma warning disable CS0618
        var apiEnvironment = await api.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
        var workerEnvironment = await worker.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
#pragma warning restore CS0618
        Assert.Matches(@"^Host=localhost;Port=\d+;Username=postgres;Password=[0-9a-f]{48};Database=mediadb$", apiEnvironment["ConnectionStrings__mediadb"]);
        Assert.Matches(@"^localhost:\d+,password=[0-9a-f]{48}$", apiEnvironment["ConnectionStrings__cache"]);
        Assert.Equal($"Path={Path.Combine(_state, "storage")}", apiEnvironment["ConnectionStrings__storage"]);
        Assert.Equal("apphost-testing-admin-key", apiEnvironment["MEDIAASPIRE_ADMIN_KEY"]);
        Assert.Equal(apiEnvironment["ConnectionStrings__mediadb"], workerEnvironment["ConnectionStrings__mediadb"]);
        Assert.StartsWith("http://localhost:", workerEnvironment["services__api__http__0"]);

        using var client = _app.CreateHttpClient("api");
        client.DefaultRequestHeaders.Add("X-Api-Key", "apphost-testing-admin-key");
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());

        var clip = await TestMedia.TestPatternAsync(_state, 320, 240, seconds: 2);
        var upload = await Upload.AcceptedAsync(client, clip, "clip.mp4");
        var assetUrl = upload.GetProperty("asset_url").GetString();
        JsonElement asset = default;
        await Wait.UntilAsync(async () =>
        {
            asset = await client.GetFromJsonAsync<JsonElement>(assetUrl);
            return asset.GetProperty("jobs").EnumerateArray().Count(j => j.GetProperty("state").GetString() == "completed") >= 2;
        }, TimeSpan.FromMinutes(2), () => $"probe and renditions of the upload to complete: {asset}");
        Assert.NotEqual(0, asset.GetProperty("renditions").GetArrayLength());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
