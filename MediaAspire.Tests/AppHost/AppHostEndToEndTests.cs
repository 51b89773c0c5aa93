using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.AppHost.Hosting;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.AppHost;

/// <summary>
/// The AppHost's own app model, started for real (PostgreSQL, Redis, the API and the worker as
/// processes), driven like Aspire.Hosting.Testing: wait for healthy, get an HttpClient for "api".
/// </summary>
public sealed class AppHostEndToEndTests : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("mediaaspire-apphost-").FullName;
    private string _programs = null!;
    private DistributedApplication _app = null!;

    private string RedisServerLink => Path.Combine(_programs, "redis-server");

    public async Task InitializeAsync()
    {
        // The postgres user must be able to reach its data directory.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_state, (UnixFileMode)0b111_101_101);
        // The AppHost looks for redis-server on its PATH: this one, which a test can take it away from.
        _programs = Directory.CreateDirectory(Path.Combine(_state, "programs")).FullName;
        File.CreateSymbolicLink(RedisServerLink, ProgramLocator.Find("redis-server")!);
        _app = await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly,
            $"--StateDirectory={_state}", "--Ports:api=0", "--Dashboard:Port=0", $"--PATH={_programs}",
            // Settings the AppHost hands to the services: a dead worker's message is reclaimed after 3 s instead of
            // a minute, and the proxy encode is slow enough to be caught running.
            "--Queue:VisibilityTimeout=00:00:03", "--Renditions:ProxyPreset=veryslow");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _app.StartAsync(timeout.Token);
        await _app.Orchestrator.WaitForAllHealthyAsync(timeout.Token);
    }

    [Fact]
    public async Task A_worker_killed_mid_job_takes_its_ffmpeg_along_is_restarted_and_the_job_completes_and_stop_leaves_nothing()
    {
        using var api = _app.CreateHttpClient("api");
        api.DefaultRequestHeaders.Add("X-Api-Key", _app.ParameterValue("admin-key"));
        var first = await UploadAsync(api, await TestMedia.TestPatternAsync(_state, 320, 240, seconds: 2));
        var probed = await WaitForJobAsync(api, first.JobId);
        // Classification as composed by the AppHost: the worker finds the model weights and the face cascade.
        var classified = await api.PostAsync("/api/classify-video/sync", new StreamContent(File.OpenRead(
            await TestMedia.TestPatternAsync(_state, 320, 240, seconds: 2))));
        var verdict = await classified.Content.ReadFromJsonAsync<JsonElement>();

        var worker = _app.Model.Instances.Single(i => i.Name == "gpuworker");
        var long_ = await UploadAsync(api, await TestMedia.TestPatternAsync(_state, 1280, 720, seconds: 12));
        var renditions = await WaitForValueAsync(async () =>
        {
            var asset = await api.GetFromJsonAsync<JsonElement>($"/api/assets/{long_.AssetId}", PlatformJson.Options);
            return asset.GetProperty("jobs").EnumerateArray().FirstOrDefault(j => j.GetProperty("kind").GetString() == "renditions"
                && j.GetProperty("stage").GetString() == "encoding" && j.GetProperty("progress").GetSingle() > 0.05f) is { ValueKind: JsonValueKind.Object } job
                ? job.GetProperty("id").GetGuid() : (Guid?)null;
        });
        var killedPid = worker.ProcessId!.Value;
        var ffmpeg = await WaitForAsync(() => Task.FromResult(ProcessTree.Descendants(killedPid).FirstOrDefault(p => p.Name == "ffmpeg")));
        var killed = ProcessTree.Find(killedPid)!;
        Signals.Send(killedPid, Signals.SIGKILL);
        var workerLeft = await ProcessTree.WaitForExitAsync([killed], TimeSpan.FromSeconds(10));
        // The kernel sends ffmpeg its death signal as the worker exits; a slow encode would otherwise run on for seconds.
        var ffmpegLeft = await ProcessTree.WaitForExitAsync([ffmpeg], TimeSpan.FromSeconds(2));
        var redone = await WaitForJobAsync(api, renditions, TimeSpan.FromMinutes(3));

        Assert.Equal("completed", probed.GetProperty("state").GetString());
        Assert.True(classified.IsSuccessStatusCode, verdict.ToString());
        Assert.Equal("nsfwjs/mobilenet_v2@4.4.0", verdict.GetProperty("model").GetString());
        Assert.False(verdict.GetProperty("is_explicit").GetBoolean());
        Assert.Empty(workerLeft);
        Assert.Empty(ffmpegLeft);
        // Redelivered to the restarted worker after the visibility timeout, and done there.
        Assert.Equal(("completed", 2), (redone.GetProperty("state").GetString(), redone.GetProperty("attempts").GetInt32()));
        Assert.True(worker.Restarts >= 1, $"restarts: {worker.Restarts}");
        Assert.NotEqual(killedPid, worker.ProcessId);

        // WaitFor: the services started only once PostgreSQL and Redis were running and healthy.
        var dependenciesHealthy = new[] { "postgres", "cache" }.Max(FirstHealthy);
        Assert.All(new[] { "api", "gpuworker" }, name => Assert.True(FirstStarting(name) >= dependenciesHealthy,
            $"{name} started at {FirstStarting(name):O}, before its dependencies were healthy at {dependenciesHealthy:O}"));

        var processes = _app.Model.Instances.SelectMany(i => ProcessTree.Descendants(i.ProcessId!.Value).Append(ProcessTree.Find(i.ProcessId!.Value)!)).ToList();
        var ports = _app.Model.Instances.Select(i => i.Port!.Value).ToList();
        await _app.StopAsync();

        Assert.All(_app.Model.Instances, i => Assert.Equal(ResourceState.Finished, i.State));
        Assert.Empty(await ProcessTree.WaitForExitAsync(processes, TimeSpan.FromSeconds(5)));
        Assert.All(ports, port => Assert.True(FreePort.IsFree(port), $"port {port} is still taken"));
    }

    [Fact]
    public async Task The_dashboard_shows_filters_and_controls_resources_in_Chromium_and_refuses_other_origins()
    {
        var dashboard = _app.DashboardUrl!;
        using var http = new HttpClient { BaseAddress = dashboard };
        var worker = _app.Model.Instances.Single(i => i.Name == "gpuworker");
        var workerPid = worker.ProcessId;

        var resources = await http.GetFromJsonAsync<JsonElement>("/api/resources");
        var platform = await http.GetFromJsonAsync<JsonElement>("/api/platform");
        var logs = await ReadLogLinesAsync(http, "api", 3);
        // Another page in the user's browser, or a hostile name resolving to 127.0.0.1, may not stop anything.
        var forgedOrigin = await SendAsync(http, HttpMethod.Post, "/api/resources/gpuworker/stop", ("Origin", "http://evil.example"));
        var crossSite = await SendAsync(http, HttpMethod.Post, "/api/resources/gpuworker/stop", ("Origin", $"http://localhost:{dashboard.Port}"), ("Sec-Fetch-Site", "cross-site"));
        var forgedHost = await SendAsync(http, HttpMethod.Get, "/api/platform", ("Host", $"evil.example:{dashboard.Port}"));
        var ownOrigin = await SendAsync(http, HttpMethod.Post, "/api/resources/nothing/stop", ("Origin", $"http://localhost:{dashboard.Port}"));

        await using var page = await ChromiumPage.OpenAsync();
        await page.NavigateAsync(new Uri(dashboard, "/?resource=api").ToString());
        var summary = await page.WaitForAsync("document.querySelector('#summary').textContent.startsWith('4 of 4') && document.querySelector('#summary').textContent", TimeSpan.FromSeconds(20));
        // The log filter: the stream restarts with only the matching lines.
        await page.EvaluateAsync("(() => { const f = document.querySelector('#filter'); f.value = '[apphost] state:'; f.dispatchEvent(new Event('change')); })()");
        var filtered = (await page.WaitForAsync(
            "(() => { const lines = document.querySelector('#log').textContent.split('\\n').filter(l => l); return lines.length >= 3 && lines; })()",
            TimeSpan.FromSeconds(20))).AsArray().Select(l => l!.GetValue<string>()).ToList();
        // Stop and start buttons, clicked in the page (same-origin POSTs).
        await page.EvaluateAsync(Click("gpuworker", "stop"));
        var stoppedRow = await page.WaitForAsync(StateOf("gpuworker") + " === 'Finished' && " + StateOf("gpuworker"), TimeSpan.FromSeconds(30));
        var stoppedState = worker.State;
        await page.EvaluateAsync(Click("gpuworker", "start"));
        await page.WaitForAsync(HealthOf("gpuworker") + " === 'Healthy'", TimeSpan.FromSeconds(60));
        await page.EvaluateAsync(Click("gpuworker", "restart"));
        await WaitForValueAsync(() => Task.FromResult(worker.Restarts == 1 && worker.IsHealthy ? (bool?)true : null));
        // A job in progress for the screenshot (docs/images/dashboard.png is made from it).
        using var api = _app.CreateHttpClient("api");
        api.DefaultRequestHeaders.Add("X-Api-Key", _app.ParameterValue("admin-key"));
        await UploadAsync(api, await TestMedia.TestPatternAsync(_state, 1280, 720, seconds: 12));
        await page.EvaluateAsync("(() => { const f = document.querySelector('#filter'); f.value = ''; f.dispatchEvent(new Event('change')); document.querySelector('tr[data-name=\"gpuworker\"]').click(); })()");
        await page.WaitForAsync("[...document.querySelectorAll('#jobs tbody tr td')].some(td => td.textContent === 'encoding')", TimeSpan.FromSeconds(90));
        await page.WaitForAsync("document.querySelector('#summary').textContent.startsWith('4 of 4')", TimeSpan.FromSeconds(30));
        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard.png");
        await page.ScreenshotAsync(screenshot);

        Assert.Equal(["postgres", "cache", "api", "gpuworker"], resources.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.All(resources.EnumerateArray(), r => Assert.Equal("Healthy", r.GetProperty("health").GetString()));
        Assert.Equal(0, platform.GetProperty("jobs").GetProperty("failed").GetInt64());
        Assert.Equal(3, logs.Count);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (forgedOrigin, crossSite, forgedHost));
        Assert.Equal(HttpStatusCode.NotFound, ownOrigin);
        Assert.Equal("4 of 4 healthy", summary.GetValue<string>());
        Assert.All(filtered, line => Assert.Contains("[apphost] state:", line));
        Assert.Contains(filtered, line => line.EndsWith("state: Running", StringComparison.Ordinal));
        Assert.Equal(("Finished", ResourceState.Finished), (stoppedRow.GetValue<string>(), stoppedState));
        Assert.NotEqual(workerPid, worker.ProcessId);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
    }

    [Fact]
    public async Task A_server_that_exits_on_its_own_or_loses_its_program_comes_back_healthy()
    {
        using var http = new HttpClient { BaseAddress = _app.DashboardUrl };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var postgres = _app.Model.Instances.Single(i => i.Name == "postgres");
        var cache = _app.Model.Instances.Single(i => i.Name == "cache");

        // PostgreSQL shuts down by itself (here: the fast-shutdown signal a terminal's Ctrl+C used to deliver to it).
        var postmaster = ProcessTree.Find(postgres.ProcessId!.Value)!;
        Signals.Send(postmaster.Pid, Signals.SIGINT);
        await WaitForValueAsync(() => Task.FromResult(postgres.ProcessId != postmaster.Pid && postgres.IsHealthy ? (bool?)true : null));
        await _app.Orchestrator.WaitForAllHealthyAsync(timeout.Token);
        var postgresHistory = postgres.History;

        // redis-server disappears while Redis is stopped, and comes back.
        await http.PostAsync("/api/resources/cache/stop", null);
        File.Delete(RedisServerLink);
        await http.PostAsync("/api/resources/cache/start", null);
        var failure = await WaitForAsync(() => Task.FromResult(cache.State == ResourceState.FailedToStart ? cache.PermanentFailure : null));
        File.CreateSymbolicLink(RedisServerLink, ProgramLocator.Find("redis-server")!);
        var restart = await http.PostAsync("/api/resources/cache/start", null);
        await _app.Orchestrator.WaitForAllHealthyAsync(timeout.Token);

        Assert.False(postmaster.IsAlive);
        Assert.Equal(1, postgres.Restarts);
        // Restarted at once, without a failed start (a pooled connection to the old server once failed it, and the
        // new server left running held the data directory's lock for good).
        Assert.DoesNotContain(postgresHistory, c => c.State == ResourceState.FailedToStart);
        Assert.Contains("apt-get install redis-server", failure);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.True(cache.IsHealthy);
        Assert.Null(cache.PermanentFailure);
    }

    private DateTimeOffset FirstHealthy(string name) =>
        _app.Model.Instances.Single(i => i.Name == name).History.First(c => c is { State: ResourceState.Running, Health: HealthStatus.Healthy }).At;

    private DateTimeOffset FirstStarting(string name) =>
        _app.Model.Instances.Single(i => i.Name == name).History.First(c => c.State == ResourceState.Starting).At;

    private static string Row(string name) => $"document.querySelector('tr[data-name=\"{name}\"]')";

    private static string StateOf(string name) => $"{Row(name)}?.children[2].textContent";

    private static string HealthOf(string name) => $"{Row(name)}?.children[3].firstChild.textContent";

    private static string Click(string name, string command) => $"{Row(name)}.querySelector('button[data-command=\"{command}\"]').click()";

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
            if (name == "Host") request.Headers.Host = value; else request.Headers.Add(name, value);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
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

    private static async Task<(Guid AssetId, Guid JobId)> UploadAsync(HttpClient api, string path)
    {
        using var content = new MultipartFormDataContent { { new StreamContent(File.OpenRead(path)), "file", Path.GetFileName(path) } };
        var accepted = await (await api.PostAsync("/api/assets", content)).Content.ReadFromJsonAsync<JsonElement>();
        return (accepted.GetProperty("asset_id").GetGuid(), accepted.GetProperty("job_id").GetGuid());
    }

    private static async Task<JsonElement> WaitForJobAsync(HttpClient api, Guid jobId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var job = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}", PlatformJson.Options);
            if (job.GetProperty("state").GetString() is not ("pending" or "running") || DateTime.UtcNow > deadline) return job;
            await Task.Delay(200);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it gives a value (90 s at most).</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class =>
        (await WaitForValueAsync(async () => await probe() is { } value ? new Box<T>(value) : (Box<T>?)null)).Value;

    private static async Task<T> WaitForValueAsync<T>(Func<Task<T?>> probe) where T : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not come true in 90 s.");
            await Task.Delay(100);
        }
    }

    private readonly record struct Box<T>(T Value);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }
}
