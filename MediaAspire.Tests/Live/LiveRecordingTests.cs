using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Live;

/// <summary>
/// Two streams pushed at once with ffmpeg <c>-re</c> through a real nginx-rtmp: each is segmented live (the playlist
/// readable by ffprobe while it runs) and every segment analysed (cuts, scores, the tenant's logo), its events arrive in
/// media time and never ahead of the media, a reconnect with Last-Event-ID resumes exactly, and each recording becomes a
/// ready asset of the tenant after its publisher stops.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LiveRecordingTests(ServersFixture servers) : IAsyncLifetime
{
    private LiveStack _live = null!;

    public async Task InitializeAsync() => _live = await LiveStack.StartAsync(servers);

    public async Task DisposeAsync() => await _live.DisposeAsync();

    [Fact]
    public async Task Two_streams_at_once_are_segmented_live_analysed_in_media_time_and_recorded_as_ready_assets()
    {
        var clip = await LiveMedia.CutsAsync();
        var video = clip.Video;
        var acme = await _live.Sut.ClientForTenantAsync($"live-rec-{Guid.NewGuid():N}"[..20]);
        await RegisterBrandAsync(acme, "Kaffa", clip.Logo);
        var streams = new[] { await LiveStack.CreateAsync(acme, "camera one"), await LiveStack.CreateAsync(acme, "camera two") };
        var reading = streams.Select(s => LiveSse.ReadUntilEndedAsync(acme, s.GetProperty("events_url").GetString()!)).ToArray();

        var pushedAt = DateTimeOffset.UtcNow;
        var pushes = streams.Select(s => LiveStack.Push(video.Path, s.GetProperty("ingest_url").GetString()!)).ToArray();
        try
        {
            // While live: the HLS, through the API, is a playlist ffprobe reads as H.264.
            var first = streams[0];
            await Wait.UntilAsync(async () => (await acme.GetAsync($"/api/live/{first.GetProperty("id").GetGuid()}/hls/index.m3u8")) is { IsSuccessStatusCode: true } r
                && (await r.Content.ReadAsStringAsync()).Contains("seg_00001.ts", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), () => "two segments in the live playlist");
            Assert.Equal("live", (await acme.GetFromJsonAsync<JsonElement>($"/api/live/{first.GetProperty("id").GetGuid()}")).GetProperty("state").GetString());
            var probed = await FfmpegLauncher.ReadOutputAsync(FfmpegCommand.Ffprobe(["-v", "error", "-headers", $"X-Api-Key: {ApiKeyOf(acme)}\r\n",
                "-show_entries", "stream=codec_name,width", "-of", "csv=p=0", $"{_live.ApiUrl}{first.GetProperty("hls_url").GetString()}"]) with { Timeout = TimeSpan.FromSeconds(60) },
                CancellationToken.None);
            Assert.Contains("h264,640", probed);
        }
        finally
        {
            foreach (var push in pushes) Assert.Equal(0, await push.WaitForExitAsync());
            foreach (var push in pushes) push.Dispose();
        }

        for (var i = 0; i < streams.Length; i++)
        {
            var id = streams[i].GetProperty("id").GetGuid();
            var events = await EventsOrWhyNotAsync(acme, reading[i], id);
            var segments = events.Where(e => e.Type == "segment").ToList();
            // Every segment, in order, back to back, covering the stream in media seconds from its start.
            Assert.Equal(Enumerable.Range(0, segments.Count), segments.Select(s => (int)s.Number("seq")));
            Assert.InRange(segments.Count, 5, 8);
            Assert.InRange(segments[0].Number("start"), 0, 0.5);
            Assert.InRange(segments[^1].Number("end"), video.Seconds - 1, video.Seconds + 0.5);
            Assert.All(segments.Zip(segments.Skip(1)), p => Assert.Equal(p.First.Number("end"), p.Second.Number("start"), 3));
            Assert.All(segments, s => Assert.InRange(s.Number("end") - s.Number("start"), 0.9, 3.1));
            // Never stamped ahead of the media: a segment's event comes after the pusher sent its last frame (-re sends media time t at t).
            Assert.All(segments, s => Assert.True(s.EmittedAt >= pushedAt.AddSeconds(s.Number("end")),
                $"segment {s.Number("seq")} ending at {s.Number("end")} s was emitted {(s.EmittedAt - pushedAt).TotalSeconds:0.00} s after the push began"));

            AssertAnalysed(events, segments, video);

            var ended = Assert.Single(events, e => e.Type == "ended");
            Assert.Same(ended, events[^1]);
            var stream = await Wait.UntilAsync(async () => await acme.GetFromJsonAsync<JsonElement>($"/api/live/{id}"),
                s => s.GetProperty("asset_id").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(60), "the stream's asset", s => s.ToString());
            Assert.Equal(("ended", ended.Data.GetProperty("asset_id").GetGuid()), (stream.GetProperty("state").GetString(), stream.GetProperty("asset_id").GetGuid()));

            // Resumed after the second event: exactly the rest.
            var resumed = await LiveSse.ReadUntilEndedAsync(acme, streams[i].GetProperty("events_url").GetString()!, events[1].Id);
            Assert.Equal(events.Skip(2).Select(e => e.Id), resumed.Select(e => e.Id));

            // The recording is an asset of the tenant like an upload: probed, given renditions, ready.
            var asset = await Wait.UntilAsync(async () => await acme.GetFromJsonAsync<JsonElement>($"/api/assets/{stream.GetProperty("asset_id").GetGuid()}"),
                a => a.GetProperty("asset").GetProperty("status").GetString() != "uploaded" && a.GetProperty("renditions").GetArrayLength() > 0,
                TimeSpan.FromMinutes(4), "the recording to be probed and given renditions", a => a.ToString());
            Assert.Equal("ready", asset.GetProperty("asset").GetProperty("status").GetString());
            // Of its own kind, which the library lists apart.
            Assert.Equal("recording", asset.GetProperty("asset").GetProperty("kind").GetString());
            var recordings = await acme.GetFromJsonAsync<JsonElement>("/api/assets?kind=recording");
            Assert.Contains(recordings.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == stream.GetProperty("asset_id").GetGuid());
            Assert.InRange(asset.GetProperty("asset").GetProperty("probe").GetProperty("duration_seconds").GetDouble(), video.Seconds - 1, video.Seconds + 0.5);
        }
    }

    /// <summary>
    /// Every segment analysed, in media time: the cuts where they are (the one on the segment boundary at 6 s once, none in
    /// the pan across the boundary at 4 s), a keyframe scored in each segment, the logo shown across three boundaries as
    /// one appearance; and no result about a moment later than the last segment announced before it.
    /// </summary>
    private static void AssertAnalysed(List<LiveSse> events, List<LiveSse> segments, CutVideo video)
    {
        var announced = 0.0;
        foreach (var e in events)
        {
            if (e.Type == "segment") announced = Math.Max(announced, e.Number("end"));
            var latest = e.Type switch { "cut" or "scores" => e.Number("t"), "brand" => e.Number("end"), _ => double.NegativeInfinity };
            Assert.True(latest <= announced + 1e-3, $"{e.Type} {e.Data} came when segments were announced up to {announced} s");
        }
        var cuts = events.Where(e => e.Type == "cut").Select(e => e.Number("t")).ToList();
        Assert.True(cuts.Count == video.Boundaries.Count, $"cuts at {string.Join(", ", cuts)} s");
        Assert.All(video.Boundaries.Zip(cuts), p => Assert.InRange(p.Second, p.First.Start - 0.5, p.First.Start + 0.5));
        Assert.DoesNotContain(cuts, t => t > LiveMedia.Pan.From + 0.5 && t < LiveMedia.Pan.To - 0.5);

        var scores = events.Where(e => e.Type == "scores").ToList();
        Assert.Equal(segments.Count, scores.Count);
        Assert.All(segments.Zip(scores), p =>
        {
            Assert.InRange(p.Second.Number("t"), p.First.Number("start") - 1e-3, p.First.Number("end") + 1e-3);
            Assert.Equal(["Drawing", "Hentai", "Neutral", "Porn", "Sexy"], p.Second.Data.GetProperty("scores").EnumerateObject().Select(c => c.Name));
            Assert.InRange(p.Second.Number("explicit_score"), 0, 1);
        });

        var brand = Assert.Single(events, e => e.Type == "brand");
        Assert.Equal("Kaffa", brand.Data.GetProperty("brand").GetString());
        Assert.InRange(brand.Number("start"), LiveMedia.LogoShown.From - 0.75, LiveMedia.LogoShown.From + 0.75);
        Assert.InRange(brand.Number("end"), LiveMedia.LogoShown.To - 0.75, LiveMedia.LogoShown.To + 0.75);
        Assert.InRange(brand.Number("score"), 0.5, 1);
    }

    private static async Task RegisterBrandAsync(HttpClient client, string name, string logo)
    {
        var created = await client.PostAsJsonAsync("/api/brands", new { name, min_score = 0.5 });
        Assert.True(created.StatusCode == System.Net.HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var form = Upload.Form(logo);
        var added = await client.PostAsync($"/api/brands/{id}/logos", form);
        Assert.True(added.StatusCode == System.Net.HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
    }

    /// <summary>The events, or a failure that shows the stream and its job as they are.</summary>
    private static async Task<List<LiveSse>> EventsOrWhyNotAsync(HttpClient client, Task<List<LiveSse>> reading, Guid id)
    {
        if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(90))) == reading) return await reading;
        var stream = await client.GetFromJsonAsync<JsonElement>($"/api/live/{id}");
        var job = stream.GetProperty("job_id").ValueKind == JsonValueKind.String
            ? await client.GetStringAsync($"/api/jobs/{stream.GetProperty("job_id").GetGuid()}") : "no job";
        Assert.Fail($"No 'ended' event 90 s after the push; stream: {stream}; job: {job}");
        return [];
    }

    private static string ApiKeyOf(HttpClient client) => client.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
}
