using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Live;

/// <summary>
/// A publisher that drops and comes back within the reconnect grace carries on the same session, through a real
/// nginx-rtmp: one run of segments and events in one media clock, an HLS discontinuity where it came back, the content
/// change across the gap found as a cut, and one recording of both parts.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LiveReconnectTests(ServersFixture servers) : IAsyncLifetime
{
    /// <summary>Long enough for a second ffmpeg to start and push under a loaded CI machine.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(8);

    private LiveStack _live = null!;

    public async Task InitializeAsync() => _live = await LiveStack.StartAsync(servers, Grace);

    public async Task DisposeAsync() => await _live.DisposeAsync();

    [Fact]
    public async Task A_publisher_that_comes_back_within_the_grace_carries_on_the_same_session_and_recording()
    {
        var directory = Directory.CreateTempSubdirectory("mediaaspire-reconnect-").FullName;
        // Two 4 s parts of different photos, keyframes every second as a streaming encoder makes them.
        var first = await CutVideo.MakeAsync(Path.Combine(directory, "first.mp4"), [new(CutVideo.Photo("Autumn"), Motion.ZoomIn, 4)], 640, 360, 25, CutVideo.FixedGop(1));
        var second = await CutVideo.MakeAsync(Path.Combine(directory, "second.mp4"), [new(CutVideo.Photo("Kite"), Motion.Still, 4)], 640, 360, 25, CutVideo.FixedGop(1));
        var acme = await _live.Sut.ClientForTenantAsync($"live-re-{Guid.NewGuid():N}"[..20]);
        var created = await LiveStack.CreateAsync(acme, "flaky uplink");
        var id = created.GetProperty("id").GetGuid();
        var ingest = created.GetProperty("ingest_url").GetString()!;
        var reading = LiveSse.ReadUntilEndedAsync(acme, created.GetProperty("events_url").GetString()!);

        using (var push = LiveStack.Push(first.Path, ingest)) Assert.Equal(0, await push.WaitForExitAsync());
        // The publisher is gone, the session is not: it says until when the publisher may come back.
        var away = await Wait.UntilAsync(async () => await acme.GetFromJsonAsync<JsonElement>($"/api/live/{id}"),
            s => s.GetProperty("resume_until").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(20), "the session to wait for its publisher", s => s.ToString());
        Assert.Equal("live", away.GetProperty("state").GetString());
        Assert.False(reading.IsCompleted, "the session ended although its publisher may come back");

        using (var push = LiveStack.Push(second.Path, ingest)) Assert.Equal(0, await push.WaitForExitAsync());
        var events = await reading;

        var segments = events.Where(e => e.Type == "segment").ToList();
        Assert.Equal(Enumerable.Range(0, segments.Count), segments.Select(s => (int)s.Number("seq")));
        Assert.True(segments.Count is >= 4 and <= 7, $"segments: {string.Join("; ", segments.Select(e => e.Data.ToString()))}");
        Assert.All(segments.Zip(segments.Skip(1)), p => Assert.Equal(p.First.Number("end"), p.Second.Number("start"), 3));
        // The second part continues the media clock where the first ended, not from zero.
        var resumed = Assert.Single(segments, s => s.Data.TryGetProperty("discontinuity", out var d) && d.GetBoolean());
        Assert.InRange(resumed.Number("start"), first.Seconds - 0.6, first.Seconds + 0.6);
        Assert.InRange(segments[^1].Number("end"), first.Seconds + second.Seconds - 1, first.Seconds + second.Seconds + 0.6);
        // The analysis carried on across the gap: every segment scored, the change of picture where the publisher came back is a cut.
        Assert.Equal(segments.Count, events.Count(e => e.Type == "scores"));
        var cut = Assert.Single(events, e => e.Type == "cut");
        Assert.InRange(cut.Number("t"), resumed.Number("start") - 0.5, resumed.Number("start") + 0.5);

        var ended = Assert.Single(events, e => e.Type == "ended");
        Assert.Same(ended, events[^1]);
        var stream = await acme.GetFromJsonAsync<JsonElement>($"/api/live/{id}");
        Assert.Equal(("ended", ended.Data.GetProperty("asset_id").GetGuid()), (stream.GetProperty("state").GetString(), stream.GetProperty("asset_id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, stream.GetProperty("resume_until").ValueKind);

        // The playlist marks the one place the encoder restarted, and names every segment once.
        var playlist = await acme.GetStringAsync($"/api/live/{id}/hls/index.m3u8");
        Assert.Equal(1, playlist.Split('\n').Count(l => l == "#EXT-X-DISCONTINUITY"));
        var files = playlist.Split('\n').Where(l => l.EndsWith(".ts", StringComparison.Ordinal)).ToList();
        Assert.Equal(segments.Count, files.Distinct().Count());

        // One recording of both parts, back to back.
        var asset = await Wait.UntilAsync(async () => await acme.GetFromJsonAsync<JsonElement>($"/api/assets/{stream.GetProperty("asset_id").GetGuid()}"),
            a => a.GetProperty("asset").GetProperty("status").GetString() is "ready" or "failed",
            TimeSpan.FromMinutes(4), "the recording to be probed", a => a.ToString());
        Assert.Equal("ready", asset.GetProperty("asset").GetProperty("status").GetString());
        Assert.InRange(asset.GetProperty("asset").GetProperty("probe").GetProperty("duration_seconds").GetDouble(),
            first.Seconds + second.Seconds - 1, first.Seconds + second.Seconds + 0.6);
    }
}
