using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;
using static MediaAspire.Tests.Infrastructure.MediaInspector;

namespace MediaAspire.Tests.Pipeline;

/// <summary>End to end on real servers: upload → probe → renditions job → stored renditions, progress over SSE, cancel.</summary>
[Collection(ServersCollection.Name)]
public sealed class RenditionJobTests(ServersFixture servers) : SystemTest(servers)
{
    [Fact]
    public async Task A_probed_upload_gets_renditions_listed_on_the_asset_and_streamed_progress()
    {
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, workerSettings: new Dictionary<string, string?> { ["Renditions:HlsEnabled"] = "true" });
        var video = await TestMedia.TestPatternAsync(Servers.Root, 1280, 720, fps: 30, seconds: 2);
        var accepted = await Sut.UploadAsync(video);
        var assetUrl = accepted.GetProperty("asset_url").GetString()!;

        var renditionsJob = await Sut.WaitForRenditionsJobAsync(assetUrl);
        var events = await ReadEventStreamAsync(renditionsJob);
        var job = await Sut.WaitForJobAsync(renditionsJob);

        Assert.Equal("completed", job.GetProperty("state").GetString());
        // Both jobs, done, left nothing on the scratch disk.
        Assert.False(Directory.Exists(Path.Combine(Servers.Root, "scratch", accepted.GetProperty("job_id").GetGuid().ToString("N"))));
        Assert.False(Directory.Exists(Path.Combine(Servers.Root, "scratch", renditionsJob.ToString("N"))));
        // The stream ran until the job ended, and its progress only went up.
        Assert.Equal(("completed", "completed"), (events[^1].EventType, events[^1].Data.GetProperty("state").GetString()));
        var progress = events.Where(e => e.EventType == "progress").ToList();
        Assert.Equal(["downloading", "encoding", "storing"], progress.Select(e => e.Data.GetProperty("stage").GetString()).Distinct());
        var fractions = progress.Select(e => e.Data.GetProperty("progress").GetSingle()).ToList();
        Assert.Equal(fractions.Order(), fractions);
        Assert.InRange(fractions[^1], 0.9f, 1f);
        Assert.All(progress, e => Assert.Equal("running", e.Data.GetProperty("state").GetString()));
        Assert.Equal(events.Select(e => long.Parse(e.EventId!)).Order(), events.Select(e => long.Parse(e.EventId!)));

        var asset = await Sut.Client.GetFromJsonAsync<JsonElement>(assetUrl, PlatformJson.Options);
        var renditions = asset.GetProperty("renditions").EnumerateArray().ToDictionary(r => r.GetProperty("kind").GetString()!);
        Assert.Equal(["hls", "poster", "proxy", "thumbnail"], renditions.Keys.Order());
        var proxyInfo = renditions["proxy"];
        Assert.Equal((854, 480, "video/mp4"), (proxyInfo.GetProperty("width").GetInt32(), proxyInfo.GetProperty("height").GetInt32(), proxyInfo.GetProperty("content_type").GetString()));

        var download = await Sut.Client.GetAsync(proxyInfo.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("video/mp4", download.Content.Headers.ContentType?.MediaType);
        var proxyBytes = await download.Content.ReadAsByteArrayAsync();
        var local = Path.Combine(Servers.Root, $"downloaded-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(local, proxyBytes);
        // The filesystem store's renditions are streamed by the API with Range support (players seek with it).
        using var ranged = new HttpRequestMessage(HttpMethod.Get, proxyInfo.GetProperty("url").GetString()) { Headers = { Range = new RangeHeaderValue(100, 1099) } };
        var part = await Sut.Client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(proxyBytes[100..1100], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal(proxyInfo.GetProperty("size_bytes").GetInt64(), new FileInfo(local).Length);
        var stream = Assert.Single(Streams(await ProbeAsync(local), "video"));
        Assert.Equal((854, 480), (stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32()));
        var thumbnail = await Sut.Client.GetAsync(renditions["thumbnail"].GetProperty("url").GetString());
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);

        // The HLS ladder is served from the master playlist's URL, variants and segments relative to it.
        var masterUrl = renditions["hls"].GetProperty("url").GetString()!;
        var master = await Sut.Client.GetStringAsync(masterUrl);
        Assert.Contains("RESOLUTION=1280x720\n720p/index.m3u8", master);
        var variantUrl = new Uri(new Uri("http://api" + masterUrl), "720p/index.m3u8").AbsolutePath;
        var variant = await Sut.Client.GetStringAsync(variantUrl);
        var segment = await Sut.Client.GetAsync(new Uri(new Uri("http://api" + variantUrl), variant.Split('\n').First(l => l.EndsWith(".ts"))).AbsolutePath);
        Assert.Equal(("video/mp2t", true), (segment.Content.Headers.ContentType?.MediaType, (await segment.Content.ReadAsByteArrayAsync()).Length > 0));
        Assert.Equal(HttpStatusCode.NotFound, (await Sut.Client.GetAsync($"{assetUrl}/renditions/hls/..%2Fsource")).StatusCode);

        // Resuming after the final event yields nothing more and ends at once.
        var resumed = await ReadEventStreamAsync(renditionsJob, lastEventId: events[^1].EventId);
        Assert.Empty(resumed);
        var unknownKind = await Sut.Client.GetAsync($"{assetUrl}/renditions/storyboard");
        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
    }

    [Fact]
    public async Task A_pending_job_is_cancelled_at_once_and_a_finished_job_cannot_be_cancelled()
    {
        var video = await TestMedia.TestPatternAsync(Servers.Root, 320, 240, seconds: 1);
        await Sut.Worker.DisposeAsync();   // nobody picks the probe up: it stays pending
        var jobId = (await Sut.UploadAsync(video)).GetProperty("job_id").GetGuid();

        var first = await Sut.Client.PostAsync($"/api/jobs/{jobId}/cancel", null);
        var again = await Sut.Client.PostAsync($"/api/jobs/{jobId}/cancel", null);
        var missing = await Sut.Client.PostAsync($"/api/jobs/{Guid.NewGuid()}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("cancelled", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("already cancelled", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var events = await ReadEventStreamAsync(jobId);
        Assert.Equal(["created", "cancelled"], events.Select(e => e.EventType));
    }

    [Fact]
    public async Task Cancelling_a_running_encode_kills_it_and_leaves_no_temp_files_or_renditions()
    {
        await Sut.DisposeAsync();
        // Slow settings over a longer input, so the encode is certainly still running when the cancel lands.
        Sut = SystemUnderTest.Start(Servers, workerSettings: new Dictionary<string, string?>
        {
            ["Renditions:ProxyPreset"] = "placebo",
            ["Renditions:ProxyFrameRate"] = "30",
            ["Renditions:HlsEnabled"] = "true",
        });
        var video = await TestMedia.TestPatternAsync(Servers.Root, 1280, 720, fps: 30, seconds: 20);
        var accepted = await Sut.UploadAsync(video);
        var assetId = accepted.GetProperty("asset_id").GetGuid();
        var jobId = await Sut.WaitForRenditionsJobAsync(accepted.GetProperty("asset_url").GetString()!);
        await JobWaiter.UntilAsync(Sut.Client, jobId,
            job => job.GetProperty("stage").GetString() == "encoding" && job.GetProperty("progress").GetSingle() > 0,
            "to be encoding with some progress", TimeSpan.FromSeconds(90));

        var cancel = await Sut.Client.PostAsync($"/api/jobs/{jobId}/cancel", null);
        var ended = await Sut.WaitForJobAsync(jobId);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(("cancelled", "Cancelled on request."), (ended.GetProperty("state").GetString(), ended.GetProperty("error").GetString()));
        Assert.Equal(["created", "started", "cancel_requested", "cancelled"], ended.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.False(Directory.Exists(Path.Combine(Servers.Root, "scratch", jobId.ToString("N"))), "the job's scratch directory was left behind");
        Assert.False(Directory.Exists(Path.Combine(Servers.Root, "objects", "assets", assetId.ToString("N"), "renditions")), "partial renditions were stored");
        var asset = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}");
        Assert.Empty(asset.GetProperty("renditions").EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await Sut.Client.PostAsync($"/api/jobs/{jobId}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task A_worker_without_scratch_space_fails_the_job_before_downloading()
    {
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, workerSettings: new Dictionary<string, string?>
        {
            ["Worker:MinFreeScratchBytes"] = (1L << 60).ToString(),
        });
        var video = await TestMedia.TestPatternAsync(Servers.Root, 320, 240, seconds: 1);

        var accepted = await Sut.UploadAsync(video);
        var job = await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid());

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.StartsWith("Not enough free space on the worker's scratch disk", job.GetProperty("error").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        // The probe never ran, so the asset can never become ready: it says failed, and why.
        var asset = (await Sut.Client.GetFromJsonAsync<JsonElement>(accepted.GetProperty("asset_url").GetString())).GetProperty("asset");
        Assert.Equal(("failed", job.GetProperty("error").GetString()), (asset.GetProperty("status").GetString(), asset.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task An_encode_over_its_time_limit_is_stopped_and_fails_with_the_reason()
    {
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, workerSettings: new Dictionary<string, string?>
        {
            ["Renditions:TimeoutBase"] = "00:00:00.050",
            ["Renditions:TimeoutSecondsPerMediaSecond"] = "0",
        });
        var video = await TestMedia.TestPatternAsync(Servers.Root, 640, 360, seconds: 2);
        var accepted = await Sut.UploadAsync(video);

        var jobId = await Sut.WaitForRenditionsJobAsync(accepted.GetProperty("asset_url").GetString()!);
        var job = await Sut.WaitForJobAsync(jobId);

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.StartsWith("Making the renditions took longer than", job.GetProperty("error").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.False(Directory.Exists(Path.Combine(Servers.Root, "scratch", jobId.ToString("N"))));
        var asset = (await Sut.Client.GetFromJsonAsync<JsonElement>(accepted.GetProperty("asset_url").GetString())).GetProperty("asset");
        // The asset stays readable (its source plays, it can be classified); the error says what is missing.
        Assert.Equal(("ready", $"Renditions failed: {job.GetProperty("error").GetString()}"),
            (asset.GetProperty("status").GetString(), asset.GetProperty("error").GetString()));
    }

    private async Task<List<SseItem<JsonElement>>> ReadEventStreamAsync(Guid jobId, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{jobId}/events");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var response = await Sut.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var items = new List<SseItem<JsonElement>>();
        await foreach (var item in SseParser.Create(body, (_, data) => JsonDocument.Parse(data.ToArray()).RootElement.Clone()).EnumerateAsync(timeout.Token))
            items.Add(item);
        return items;
    }
}
