using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.AppHost.Hosting;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.AppHost;

/// <summary>
/// The AppHost's own app model, started for real (PostgreSQL, Redis, the API and the worker as
/// processes), driven like Aspire.Hosting.Testing: wait for healthy, get a client for "api".
/// </summary>
public sealed class AppHostEndToEndTests : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("mediaaspire-apphost-").FullName;
    private DistributedApplication _app = null!;

    public async Task InitializeAsync()
    {
        // The postgres user must be able to reach its data directory.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_state, (UnixFileMode)0b111_101_101);
        _app = await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly,
            $"--StateDirectory={_state}", "--Ports:api=0", "--Dashboard:Port=0",
            // Reclaim a dead worker's message after 3 s instead of a minute.
            "--Queue__VisibilityTimeout=00:00:03");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _app.StartAsync(timeout.Token);
        foreach (var name in new[] { "postgres", "cache", "api", "gpuworker" })
            await _app.Orchestrator.WaitForHealthyAsync(name, timeout.Token);
    }

    [Fact]
    public async Task Uploads_complete_survive_a_killed_worker_and_nothing_is_left_after_stop()
    {
        using var api = _app.CreateHttpClient("api");
        api.DefaultRequestHeaders.Add("X-Api-Key", _app.ParameterValue("admin-key"));
        var video = await TestMedia.TestPatternAsync(_state, 320, 240, seconds: 2);
        // Different bytes: the same bytes again would be answered with the finished asset.
        var another = await TestMedia.TestPatternAsync(_state, 320, 240, seconds: 2);

        var first = await UploadAndWaitAsync(api, video);
        // Classification as composed by the AppHost: the worker finds the model weights and the face cascade.
        var classified = await api.PostAsync("/api/classify-video/sync", new StreamContent(File.OpenRead(
            await TestMedia.TestPatternAsync(_state, 320, 240, seconds: 2))));
        var verdict = await classified.Content.ReadFromJsonAsync<JsonElement>();

        var worker = _app.Model.Instances.Single(i => i.Name == "gpuworker");
        var killedPid = worker.ProcessId!.Value;
        Signals.Send(killedPid, Signals.SIGKILL);
        var second = await UploadAndWaitAsync(api, another, "again.mp4");

        Assert.Equal("completed", first.GetProperty("state").GetString());
        Assert.Equal("completed", second.GetProperty("state").GetString());
        Assert.True(classified.IsSuccessStatusCode, verdict.ToString());
        Assert.Equal("nsfwjs/mobilenet_v2@4.4.0", verdict.GetProperty("model").GetString());
        Assert.False(verdict.GetProperty("is_explicit").GetBoolean());
        Assert.True(worker.Restarts >= 1, $"restarts: {worker.Restarts}");
        Assert.NotEqual(killedPid, worker.ProcessId);

        var pids = _app.Model.Instances.Select(i => i.ProcessId!.Value).ToList();
        var ports = _app.Model.Instances.Select(i => i.Port!.Value).ToList();
        await _app.StopAsync();

        Assert.All(_app.Model.Instances, i => Assert.Equal(ResourceState.Finished, i.State));
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"process {pid} outlived the AppHost"));
        Assert.All(ports, port => Assert.True(FreePort.IsFree(port), $"port {port} is still taken"));
    }

    [Fact]
    public async Task The_dashboard_shows_resources_streams_logs_controls_them_and_renders_in_Chromium()
    {
        var dashboard = _app.DashboardUrl!;
        using var http = new HttpClient { BaseAddress = dashboard };

        var resources = await http.GetFromJsonAsync<JsonElement>("/api/resources");
        var platform = await http.GetFromJsonAsync<JsonElement>("/api/platform");
        var logs = await ReadLogLinesAsync(http, "api", 3);
        var restart = await http.PostAsync("/api/resources/gpuworker/restart", null);
        await _app.Orchestrator.WaitForHealthyAsync("gpuworker", new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var dom = await HeadlessChromium.DumpDomAsync(new Uri(dashboard, "/?resource=").ToString(), TimeSpan.FromSeconds(3));
        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await HeadlessChromium.ScreenshotAsync(new Uri(dashboard, "/?resource=").ToString(), screenshot, TimeSpan.FromSeconds(3));

        Assert.Equal(["postgres", "cache", "api", "gpuworker"], resources.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.All(resources.EnumerateArray(), r => Assert.Equal("Healthy", r.GetProperty("health").GetString()));
        Assert.Equal(0, platform.GetProperty("jobs").GetProperty("failed").GetInt64());
        Assert.Equal(3, logs.Count);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(1, _app.Model.Instances.Single(i => i.Name == "gpuworker").Restarts);
        // The page's script filled the table from the live API: one row per resource, in a real browser.
        Assert.Contains("data-name=\"gpuworker\"", dom);
        Assert.Contains("4 of 4 healthy", dom);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
    }

    private static async Task<List<string>> ReadLogLinesAsync(HttpClient http, string resource, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await http.GetAsync($"/api/resources/{resource}/logs", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var lines = new List<string>();
        while (lines.Count < count && await reader.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal)) lines.Add(line);
        return lines;
    }

    private static async Task<JsonElement> UploadAndWaitAsync(HttpClient api, string path, string name = "clip.mp4")
    {
        using var content = new MultipartFormDataContent { { new StreamContent(File.OpenRead(path)), "file", name } };
        var accepted = await (await api.PostAsync("/api/assets", content)).Content.ReadFromJsonAsync<JsonElement>();
        var jobId = accepted.GetProperty("job_id").GetGuid();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var job = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}", PlatformJson.Options);
            if (job.GetProperty("state").GetString() is not ("pending" or "running") || DateTime.UtcNow > deadline) return job;
            await Task.Delay(200);
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");


    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }
}
