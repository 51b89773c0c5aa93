using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Live;

/// <summary>Who may publish: nginx-rtmp asks the API (on_publish) and refuses what it refuses; streams are the tenant's.</summary>
[Collection(ServersCollection.Name)]
public sealed class LiveIngestTests(ServersFixture servers) : IAsyncLifetime
{
    private LiveStack _live = null!;

    public async Task InitializeAsync() => _live = await LiveStack.StartAsync(servers);

    public async Task DisposeAsync() => await _live.DisposeAsync();

    [Fact]
    public async Task Create_answers_the_ingest_url_with_the_key_and_the_stream_is_idle_and_the_tenants_own()
    {
        var acme = await _live.Sut.ClientForTenantAsync("live-acme");
        var other = await _live.Sut.ClientForTenantAsync("live-other");
        var created = await LiveStack.CreateAsync(acme, "studio A");
        var id = created.GetProperty("id").GetGuid();
        var key = created.GetProperty("stream_key").GetString()!;

        Assert.Equal($"{_live.Rtmp.Url}/live/{key}", created.GetProperty("ingest_url").GetString());
        Assert.Equal($"/api/live/{id}/hls/master.m3u8", created.GetProperty("hls_url").GetString());
        Assert.Equal($"/api/live/{id}/events", created.GetProperty("events_url").GetString());
        Assert.True(key.Length >= 32, key);
        var stream = await acme.GetFromJsonAsync<JsonElement>($"/api/live/{id}");
        Assert.Equal(("idle", JsonValueKind.Null, JsonValueKind.Null), (stream.GetProperty("state").GetString(),
            stream.GetProperty("started_at").ValueKind, stream.GetProperty("asset_id").ValueKind));
        Assert.Contains(id, (await acme.GetFromJsonAsync<JsonElement>("/api/live")).EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/live/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/live/{id}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/live/{id}")).StatusCode);
        Assert.DoesNotContain(id, (await other.GetFromJsonAsync<JsonElement>("/api/live")).EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, (await acme.PostAsJsonAsync("/api/live", new { name = " " })).StatusCode);
        var reader = await _live.Sut.ClientForTenantAsync("live-acme", "read");
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/live", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_wrong_or_revoked_key_is_refused_and_a_second_publisher_on_a_live_key_too()
    {
        var video = (await LiveMedia.CutsAsync()).Video.Path;
        var acme = await _live.Sut.ClientForTenantAsync("live-acme");

        using (var wrong = LiveStack.Push(video, $"{_live.Rtmp.Url}/live/not-a-key"))
            Assert.NotEqual(0, await wrong.WaitForExitAsync());

        var revoked = await LiveStack.CreateAsync(acme, "revoked");
        Assert.Equal(HttpStatusCode.OK, (await acme.DeleteAsync($"/api/live/{revoked.GetProperty("id").GetGuid()}")).StatusCode);
        using (var refused = LiveStack.Push(video, revoked.GetProperty("ingest_url").GetString()!))
            Assert.NotEqual(0, await refused.WaitForExitAsync());
        var afterRevoke = await acme.GetFromJsonAsync<JsonElement>($"/api/live/{revoked.GetProperty("id").GetGuid()}");
        Assert.Equal(("idle", true), (afterRevoke.GetProperty("state").GetString(), afterRevoke.GetProperty("revoked").GetBoolean()));
        Assert.Contains("revoked", afterRevoke.GetProperty("failure").GetString());

        var live = await LiveStack.CreateAsync(acme, "one publisher");
        var url = $"/api/live/{live.GetProperty("id").GetGuid()}";
        using var first = LiveStack.Push(video, live.GetProperty("ingest_url").GetString()!);
        await Wait.UntilAsync(async () => (await acme.GetFromJsonAsync<JsonElement>(url)).GetProperty("state").GetString(), s => s == "live",
            TimeSpan.FromSeconds(30), "the stream to go live");
        using (var second = LiveStack.Push(video, live.GetProperty("ingest_url").GetString()!))
            Assert.NotEqual(0, await second.WaitForExitAsync());
        Assert.Equal("live", (await acme.GetFromJsonAsync<JsonElement>(url)).GetProperty("state").GetString());

        Assert.Equal(0, await first.WaitForExitAsync());
        var ended = await Wait.UntilAsync(async () => await acme.GetFromJsonAsync<JsonElement>(url), s => s.GetProperty("state").GetString() == "ended",
            TimeSpan.FromSeconds(30), "the stream to end when its publisher stops", s => s.ToString());
        Assert.True(ended.GetProperty("started_at").GetDateTimeOffset() < ended.GetProperty("ended_at").GetDateTimeOffset());
        // A key admits one session.
        using (var again = LiveStack.Push(video, live.GetProperty("ingest_url").GetString()!))
            Assert.NotEqual(0, await again.WaitForExitAsync());
    }

    [Fact]
    public async Task A_stream_that_is_not_H264_is_refused_with_its_reason_and_nothing_is_kept()
    {
        // Sorenson Spark, which RTMP carries and HLS players do not: the session ends, saying why.
        var directory = Directory.CreateTempSubdirectory("mediaaspire-live-codec-").FullName;
        var video = Path.Combine(directory, "spark.flv");
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(["-hide_banner", "-loglevel", "error", "-y", "-loop", "1", "-i", CutVideo.Photo("Kite"),
            "-t", "4", "-r", "25", "-vf", "scale=320:180", "-c:v", "flv1", "-g", "25", video]) with { Purpose = "make a Sorenson Spark stream" }, CancellationToken.None);
        var acme = await _live.Sut.ClientForTenantAsync("live-acme");
        var live = await LiveStack.CreateAsync(acme, "old encoder");
        var url = $"/api/live/{live.GetProperty("id").GetGuid()}";
        var reading = LiveSse.ReadUntilEndedAsync(acme, live.GetProperty("events_url").GetString()!);
        using (var push = LiveStack.Push(video, live.GetProperty("ingest_url").GetString()!)) await push.WaitForExitAsync();

        var events = await reading;
        Assert.DoesNotContain(events, e => e.Type == "segment");
        var ended = Assert.Single(events, e => e.Type == "ended");
        Assert.Equal(JsonValueKind.Null, ended.Data.GetProperty("asset_id").ValueKind);
        // MPEG-TS carries Spark as opaque data: the reason says what is wanted.
        const string reason = "Nothing was recorded: the stream cannot be recorded as it comes (The file contains no video or audio stream); "
            + "live streams must be H.264 video with AAC or MP3 audio.";
        Assert.Equal(reason, ended.Data.GetProperty("reason").GetString());
        var stream = await acme.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(("ended", JsonValueKind.Null, reason),
            (stream.GetProperty("state").GetString(), stream.GetProperty("asset_id").ValueKind, stream.GetProperty("failure").GetString()));
        // No segment of it is served.
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"{url}/hls/seg_00000.ts")).StatusCode);
    }

    [Fact]
    public async Task The_live_operations_are_described_with_their_ids_and_answers()
    {
        using var document = JsonDocument.Parse(await _live.Sut.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        string OperationId(string path, string method) => paths.GetProperty(path).GetProperty(method).GetProperty("operationId").GetString()!;

        Assert.Equal(["CreateLiveStream", "ListLiveStreams", "GetLiveStream", "RevokeLiveStream", "StreamLiveEvents", "GetLiveHlsFile"],
            [OperationId("/api/live", "post"), OperationId("/api/live", "get"), OperationId("/api/live/{id}", "get"),
             OperationId("/api/live/{id}", "delete"), OperationId("/api/live/{id}/events", "get"), OperationId("/api/live/{id}/hls/{file}", "get")]);
        var create = paths.GetProperty("/api/live").GetProperty("post").GetProperty("responses");
        Assert.True(create.TryGetProperty("201", out _) && create.TryGetProperty("400", out _), create.ToString());
        Assert.True(paths.GetProperty("/api/live/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("hooks", StringComparison.Ordinal));
    }
}
