using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Infrastructure.Servers;
using Microsoft.Playwright;

namespace MediaAspire.Tests.AppHost;

/// <summary>
/// The real Aspire AppHost as users run it (<c>./run.sh</c> runs it the same way): every resource healthy in the Aspire
/// dashboard, seen in Chromium; a classify request is one trace spanning the API and the worker; SIGTERM stops
/// everything; SIGKILL leaves no descendant behind (DCP's guarantee, down to a job's ffmpeg).
/// </summary>
public sealed class AppHostProcessTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] Resources = ["postgres", "mediadb", "cache", "storage", "rtmp", "api", "gpuworker"];
    private readonly string _state = Directory.CreateTempSubdirectory("mediaaspire-apphost-").FullName;

    [Fact]
    public async Task Every_resource_is_healthy_in_the_dashboard_a_classify_request_is_one_trace_across_api_and_gpuworker_and_SIGTERM_leaves_nothing()
    {
        var clip = await TestMedia.TestPatternAsync(_state, 320, 240, seconds: 2);
        await using var appHost = AppHostProcess.Start(_state);
        await appHost.WaitUntilUpAsync(StartTimeout);
        Assert.Equal(AppHostProcess.AdminKey, appHost.Line(@"^\s+admin key\s+(\S+)"));
        var descendants = ProcessTree.OfLocalRun(_state);
        Assert.Contains(descendants, p => p.Name == "postgres");
        Assert.Contains(descendants, p => p.Name == "redis-server");
        Assert.Contains(descendants, p => p.Name == "nginx");
        Assert.Equal(2, descendants.Count(p => p.Name.StartsWith("MediaAspire", StringComparison.Ordinal)));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } });
        await AssertDashboardShowsEveryResourceHealthyAsync(page, appHost.DashboardLogin);

        using var api = appHost.ApiClient();
        using var form = Upload.Form(clip, "clip.mp4");
        var accepted = await (await api.PostAsync("/api/classify-video", form)).Content.ReadFromJsonAsync<JsonElement>(PlatformJson.Options);
        var jobId = accepted.GetProperty("job_id").GetGuid();
        var job = await JobWaiter.FinishedAsync(api, jobId, TimeSpan.FromMinutes(2));
        Assert.Equal("completed", job.GetProperty("state").GetString());

        // The request's trace: the API's POST span and the worker's job and stage spans share one trace id, read from the
        // dashboard's telemetry API.
        var dashboard = new UriBuilder(appHost.Dashboard) { Host = "127.0.0.1" }.Uri;
        IReadOnlyList<Span> trace = [];
        await Wait.UntilAsync(async () =>
        {
            var spans = (await SpansAsync(page, dashboard, "api")).Concat(await SpansAsync(page, dashboard, "gpuworker")).ToList();
            var traceId = spans.FirstOrDefault(s => s.Service == "gpuworker" && s.Name.StartsWith("job classify", StringComparison.Ordinal))?.TraceId;
            trace = spans.Where(s => s.TraceId == traceId).ToList();
            return trace.Any(s => s.Service == "api" && s.Name.StartsWith("POST", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(60), () => $"one trace with the API's POST and the worker's job; spans of it so far: {string.Join(", ", trace)}");
        Assert.Contains(trace, s => s.Service == "gpuworker" && s.Name == "scenes");
        Assert.Contains(trace, s => s.Service == "gpuworker" && s.Name.StartsWith("job classify", StringComparison.Ordinal));

        appHost.Signal(Signals.SIGTERM);
        Assert.Equal(0, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await ProcessTree.WaitForExitAsync(descendants, TimeSpan.FromSeconds(30), "every descendant to exit after the AppHost stopped");
    }

    [Fact]
    public async Task Killing_the_AppHost_with_SIGKILL_while_a_job_runs_leaves_no_descendant_process()
    {
        var clip = await TestMedia.TestPatternAsync(_state, 1920, 1080, seconds: 40);
        await using var appHost = AppHostProcess.Start(_state);
        await appHost.WaitUntilUpAsync(StartTimeout);
        using var api = appHost.ApiClient();
        using var form = Upload.Form(clip, "long.mp4");
        Assert.True((await api.PostAsync("/api/assets", form)).IsSuccessStatusCode);
        await Wait.UntilAsync(() => Task.FromResult(ProcessTree.OfLocalRun(_state).Any(p => p.Name == "ffmpeg")),
            TimeSpan.FromMinutes(2), () => $"a job's ffmpeg in the local run: {string.Join(", ", ProcessTree.OfLocalRun(_state))}");

        var descendants = ProcessTree.OfLocalRun(_state);
        Assert.Contains(descendants, p => p.Name == "postgres");
        appHost.Signal(Signals.SIGKILL);
        await ProcessTree.WaitForExitAsync(descendants, TimeSpan.FromSeconds(60), "every descendant to exit after the AppHost was SIGKILLed");
    }

    [Fact]
    public async Task A_missing_redis_server_stops_the_start_with_one_line_naming_the_package()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_state, "empty-path")).FullName;
        await using var appHost = AppHostProcess.Start(_state, new Dictionary<string, string> { ["PATH"] = empty });
        Assert.Equal(1, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var lines = appHost.Output.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        Assert.Equal("redis-server is not installed: run 'sudo apt-get install redis-server' (or ./run.sh, which installs what is missing).",
            Assert.Single(lines));
    }

    private static async Task AssertDashboardShowsEveryResourceHealthyAsync(IPage page, Uri login)
    {
        // DCP's proxy listens on 127.0.0.1 only; this Chromium tries ::1 for "localhost" and gives up.
        await page.GotoAsync(new UriBuilder(login) { Host = "127.0.0.1" }.Uri.ToString());
        string text = "";
        await Wait.UntilAsync(async () =>
        {
            text = await page.InnerTextAsync("body");
            return Resources.All(text.Contains) && !text.Contains("Unhealthy") && !text.Contains("Starting") && !text.Contains("Waiting")
                && CountOf(text, "Running") >= Resources.Length;
        }, TimeSpan.FromSeconds(120), () => $"every resource Running and healthy on the dashboard's resources page:\n{text}");
        Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot.Path, "artifacts", "dashboard-resources.png") });
        Assert.DoesNotContain("Login", await page.TitleAsync());
    }

    private static int CountOf(string text, string word) => (text.Length - text.Replace(word, "").Length) / word.Length;

    private sealed record Span(string Service, string TraceId, string Name)
    {
        public override string ToString() => $"{Service}:{Name}";
    }

    /// <summary>The resource's spans from the dashboard's telemetry API (OTLP JSON).</summary>
    private static async Task<IReadOnlyList<Span>> SpansAsync(IPage page, Uri dashboard, string resource)
    {
        var response = await page.APIRequest.GetAsync(new Uri(dashboard, $"/api/telemetry/spans?resource={resource}").ToString());
        Assert.True(response.Ok, $"the dashboard's telemetry API answered {response.Status}");
        var body = JsonDocument.Parse(await response.TextAsync()).RootElement;
        var spans = new List<Span>();
        foreach (var resourceSpans in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
        foreach (var span in scope.GetProperty("spans").EnumerateArray())
            spans.Add(new Span(resource, span.GetProperty("traceId").GetString()!, span.GetProperty("name").GetString()!));
        return spans;
    }

    public void Dispose()
    {
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
