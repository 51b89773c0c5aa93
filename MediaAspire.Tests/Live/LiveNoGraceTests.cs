using System.Text.Json;
using System.Net.Http.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Live;

/// <summary>
/// <c>Live__ReconnectGrace=0</c>: no waiting for a publisher to come back. Through a real nginx-rtmp, the session ends when
/// its publisher leaves (the API's on_publish_done ends it, the worker's reader stops at the end of the data), its
/// recording is made of what was sent, and the key is refused afterwards.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LiveNoGraceTests(ServersFixture servers) : IAsyncLifetime
{
    private LiveStack _live = null!;

    public async Task InitializeAsync() => _live = await LiveStack.StartAsync(servers, TimeSpan.Zero);

    public async Task DisposeAsync() => await _live.DisposeAsync();

    [Fact]
    public async Task Without_a_grace_the_session_ends_when_its_publisher_leaves_is_recorded_and_its_key_is_refused_after()
    {
        var directory = Directory.CreateTempSubdirectory("mediaaspire-nograce-").FullName;
        var clip = await CutVideo.MakeAsync(Path.Combine(directory, "clip.mp4"), [new(CutVideo.Photo("Autumn"), Motion.ZoomIn, 4)], 640, 360, 25, CutVideo.FixedGop(1));
        var acme = await _live.Sut.ClientForTenantAsync($"live-ng-{Guid.NewGuid():N}"[..20]);
        var created = await LiveStack.CreateAsync(acme, "one take");
        var id = created.GetProperty("id").GetGuid();
        var ingest = created.GetProperty("ingest_url").GetString()!;
        var reading = LiveSse.ReadUntilEndedAsync(acme, created.GetProperty("events_url").GetString()!);

        using (var push = LiveStack.Push(clip.Path, ingest)) Assert.Equal(0, await push.WaitForExitAsync());
        var events = await reading;

        var segments = events.Where(e => e.Type == "segment").ToList();
        Assert.True(segments.Count is >= 2 and <= 4, $"segments: {string.Join("; ", segments.Select(e => e.Data.ToString()))}");
        Assert.InRange(segments[^1].Number("end"), clip.Seconds - 1, clip.Seconds + 0.6);
        var ended = Assert.Single(events, e => e.Type == "ended");
        Assert.Same(ended, events[^1]);
        var stream = await acme.GetFromJsonAsync<JsonElement>($"/api/live/{id}");
        Assert.Equal("ended", stream.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, stream.GetProperty("resume_until").ValueKind);
        var assetId = ended.Data.GetProperty("asset_id").GetGuid();
        Assert.Equal(assetId, stream.GetProperty("asset_id").GetGuid());

        // The publisher coming back finds the session over: nginx refuses it, and the session stays as it was.
        using (var late = LiveStack.Push(clip.Path, ingest)) Assert.NotEqual(0, await late.WaitForExitAsync());
        var after = await acme.GetFromJsonAsync<JsonElement>($"/api/live/{id}");
        Assert.Equal(("ended", assetId), (after.GetProperty("state").GetString(), after.GetProperty("asset_id").GetGuid()));

        var asset = await Wait.UntilAsync(async () => await acme.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}"),
            a => a.GetProperty("asset").GetProperty("status").GetString() is "ready" or "failed",
            TimeSpan.FromMinutes(4), "the recording to be probed", a => a.ToString());
        Assert.Equal("ready", asset.GetProperty("asset").GetProperty("status").GetString());
        Assert.InRange(asset.GetProperty("asset").GetProperty("probe").GetProperty("duration_seconds").GetDouble(), clip.Seconds - 1, clip.Seconds + 0.6);
        Directory.Delete(directory, recursive: true);
    }
}
