using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;
using static MediaAspire.Tests.Infrastructure.MediaInspector;

namespace MediaAspire.Tests.Highlights;

/// <summary>End to end: clips in every mode checked with ffprobe; identity, clamping, bad bounds, highlights kept, deletion.</summary>
[Collection(ServersCollection.Name)]
public sealed class ClipTests(ServersFixture servers) : SystemTest(servers)
{
    private const int Fps = 25;

    [Fact]
    public async Task Each_mode_cuts_what_it_says()
    {
        // Keyframes every 2 s (GOP 50 at 25 fps).
        var recording = await Recording.MakeAsync(Servers.Root, 30, [(10, 14)], 640, 360, Fps);
        var assetId = await UploadAndProbeAsync(recording);
        const string captions = "WEBVTT\n\n00:00:10.000 --> 00:00:14.000\nWHAT A PLAY\n";

        var copy = await CutAsync(assetId, new { ranges = new[] { new { start = 5.3, end = 15.7 } }, mode = "copy" });
        var precise = await CutAsync(assetId, new { ranges = new[] { new { start = 5.3, end = 15.7 } }, mode = "precise" });
        var smart = await CutAsync(assetId, new { ranges = new[] { new { start = 5.3, end = 15.7 } }, mode = "smart" });
        var vertical = await CutAsync(assetId, new { ranges = new[] { new { start = 10, end = 14 } }, mode = "vertical" });
        var captioned = await CutAsync(assetId, new { ranges = new[] { new { start = 10, end = 14 } }, mode = "vertical", captions_vtt = captions });

        // Copy starts at the keyframe at or before the start, and says so.
        Assert.Equal((4.0, 15.7, 5.3), (copy.Clip.GetProperty("start").GetDouble(), copy.Clip.GetProperty("end").GetDouble(), copy.Clip.GetProperty("requested_start").GetDouble()));
        Assert.InRange(await DecodedFramesAsync(copy.Path), (15.7 - 4.0) * Fps - 1, (15.7 - 4.0) * Fps + 1);
        // Precise and smart: frame accurate (10.4 s = 260 frames, within one).
        Assert.InRange(await DecodedFramesAsync(precise.Path), 259, 261);
        Assert.InRange(await DecodedFramesAsync(smart.Path), 259, 261);
        Assert.InRange(Duration(await ProbeAsync(smart.Path)), 10.4 - 1.0 / Fps, 10.4 + 1.0 / Fps);
        Assert.Single(Streams(await ProbeAsync(smart.Path), "audio"));
        // The smart cut's middle is the source's own frames, where they were.
        Assert.True(MeanDifference(await FrameAsync(smart.Path, 6 - 5.3), await FrameAsync(recording, 6)) < 1.5);

        foreach (var clip in new[] { vertical, captioned })
        {
            var stream = Assert.Single(Streams(await ProbeAsync(clip.Path), "video"));
            var (width, height) = (stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32());
            Assert.Equal(9 * height, 16 * width);
            Assert.Equal(352, height);
            Assert.InRange(await DecodedFramesAsync(clip.Path), 99, 101);
        }
        // The captions are burned in: the frames differ where the text is (bottom) and not elsewhere (top).
        var plain = await FrameAsync(vertical.Path, 1);
        var withText = await FrameAsync(captioned.Path, 1);
        var rowBytes = 198 * 3;
        var top = plain.Length / rowBytes / 3 * rowBytes;
        Assert.True(MeanDifference(plain[..top], withText[..top]) < 1, "the top third differs");
        Assert.True(MeanDifference(plain[^top..], withText[^top..]) > 3, "no caption in the bottom third");
        Assert.NotEqual(vertical.Clip.GetProperty("id").GetGuid(), captioned.Clip.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Clips_have_one_identity_keep_their_highlights_and_bad_bounds_are_400()
    {
        var recording = await Recording.MakeAsync(Servers.Root, 30, [(12, 16)], 320, 180, Fps);
        var assetId = await UploadAndProbeAsync(recording);
        var detect = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/highlights", new { top = 1 });
        Assert.Equal("completed", (await Sut.WaitForJobAsync((await detect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetGuid())).GetProperty("state").GetString());
        var highlight = (await HighlightsAsync(assetId)).Single();
        var highlightId = highlight.GetProperty("id").GetGuid();

        var fromHighlight = await CutAsync(assetId, new { highlight_ids = new[] { highlightId } });
        Assert.Equal(highlightId, fromHighlight.Clip.GetProperty("highlight_id").GetGuid());
        Assert.Equal("copy", fromHighlight.Clip.GetProperty("mode").GetString());
        var clipId = fromHighlight.Clip.GetProperty("id").GetGuid();
        // The clip's own asset says what it is and where it came from; the source says it is one.
        var clipAsset = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{clipId}", PlatformJson.Options);
        Assert.Equal("clip", clipAsset.GetProperty("asset").GetProperty("kind").GetString());
        Assert.Equal((assetId, highlightId, "copy"), (clipAsset.GetProperty("clip").GetProperty("asset_id").GetGuid(),
            clipAsset.GetProperty("clip").GetProperty("highlight_id").GetGuid(), clipAsset.GetProperty("clip").GetProperty("mode").GetString()));
        var sourceAsset = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}", PlatformJson.Options);
        Assert.Equal("source", sourceAsset.GetProperty("asset").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, sourceAsset.GetProperty("clip").ValueKind);

        // The same request again: the same clip, at once, without a job.
        var again = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/clips", new { highlight_ids = new[] { highlightId } });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(clipId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clips").EnumerateArray().Single().GetProperty("id").GetGuid());

        // Detection again keeps the highlight that has a clip, with its clip.
        detect = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/highlights", new { top = 3 });
        await Sut.WaitForJobAsync((await detect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetGuid());
        var kept = Assert.Single(await HighlightsAsync(assetId), h => h.GetProperty("id").GetGuid() == highlightId);
        Assert.Equal([clipId], kept.GetProperty("clip_ids").EnumerateArray().Select(c => c.GetGuid()));

        // Two identical requests queued at once (a duplicate delivery, in effect): both jobs run, one clip exists.
        await Sut.Worker.DisposeAsync();
        var range = new { ranges = new[] { new { start = -5.0, end = 1000.0 } } };
        var first = await (await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/clips", range)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/clips", range)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("clip_ids")[0].GetGuid(), second.GetProperty("clip_ids")[0].GetGuid());
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers);
        Assert.Equal("completed", (await Sut.WaitForJobAsync(first.GetProperty("job_id").GetGuid())).GetProperty("state").GetString());
        Assert.Equal("completed", (await Sut.WaitForJobAsync(second.GetProperty("job_id").GetGuid())).GetProperty("state").GetString());
        var clips = (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/clips", PlatformJson.Options)).GetProperty("clips").EnumerateArray().ToList();
        Assert.Equal(2, clips.Count);
        // Clamped to the recording.
        var whole = Assert.Single(clips, c => c.GetProperty("id").GetGuid() == first.GetProperty("clip_ids")[0].GetGuid());
        Assert.Equal((0.0, 30.0), (whole.GetProperty("start").GetDouble(), whole.GetProperty("end").GetDouble()));

        await AssertBadRequestAsync(assetId, new { ranges = new[] { new { start = 8.0, end = 3.0 } } }, "must be after start");
        await AssertBadRequestAsync(assetId, new { ranges = new[] { new { start = 40.0, end = 50.0 } } }, "wholly outside the recording");
        await AssertBadRequestAsync(assetId, new { ranges = new[] { new { start = 29.6, end = 45.0 } } }, "shorter than the 1 s");
        await AssertBadRequestAsync(assetId, new { ranges = new[] { new { start = 1.0, end = 5.0 } }, mode = "sideways" }, "mode must be one of");
        await AssertBadRequestAsync(assetId, new { highlight_ids = new[] { Guid.NewGuid() } }, "Not highlights of this asset");
        await AssertBadRequestAsync(assetId, new { ranges = new[] { new { start = 1.0, end = 5.0 } }, all_highlights = true }, "exactly one of");

        // Deleting a clip leaves its source (and the source's other clips) alone.
        Assert.Equal(HttpStatusCode.NoContent, (await Sut.Client.DeleteAsync($"/api/assets/{clipId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Sut.Client.GetAsync($"/api/assets/{assetId}/source")).StatusCode);
        Assert.Equal([whole.GetProperty("id").GetGuid()],
            (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/clips")).GetProperty("clips").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_vertical_clip_without_captions_burns_in_the_transcript_stored_with_the_asset_shifted_to_the_clip()
    {
        var recording = await Recording.MakeAsync(Servers.Root, 30, [(10, 14)], 640, 360, Fps);
        var assetId = await UploadAndProbeAsync(recording);
        // In the source's timeline: on screen 10–12 s, so in a 10–14 s clip from 0 to 2 s.
        const string transcript = "WEBVTT\n\n00:00:10.000 --> 00:00:12.000\nWHAT A PLAY\n";
        var detect = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/highlights", new { top = 1, transcript_vtt = transcript });
        Assert.Equal("completed", (await Sut.WaitForJobAsync((await detect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetGuid())).GetProperty("state").GetString());
        var stored = System.IO.Path.Combine(Servers.Root, "objects", "assets", assetId.ToString("N"), "transcript");
        Assert.Equal(transcript, await File.ReadAllTextAsync(stored));

        var vertical = await CutAsync(assetId, new { ranges = new[] { new { start = 10, end = 14 } }, mode = "vertical" });
        // The stored transcript is the clip's captions: asking with it as captions_vtt names the same clip (200, no job).
        var same = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/clips",
            new { ranges = new[] { new { start = 10, end = 14 } }, mode = "vertical", captions_vtt = transcript });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(vertical.Clip.GetProperty("id").GetGuid(), (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clips")[0].GetProperty("id").GetGuid());
        // Burned in while the cue is on (1 s into the clip), gone after it (3 s): the still picture differs only at the bottom.
        var captioned = await FrameAsync(vertical.Path, 1);
        var plain = await FrameAsync(vertical.Path, 3);
        var rowBytes = 198 * 3;
        var third = plain.Length / rowBytes / 3 * rowBytes;
        Assert.True(MeanDifference(plain[..third], captioned[..third]) < 1, "the top third differs");
        Assert.True(MeanDifference(plain[^third..], captioned[^third..]) > 3, "no caption in the bottom third");

        // Deleting the asset deletes its transcript.
        Assert.Equal(HttpStatusCode.NoContent, (await Sut.Client.DeleteAsync($"/api/assets/{assetId}")).StatusCode);
        Assert.False(File.Exists(stored));
    }

    [Fact]
    public async Task Clips_count_against_the_quota_and_two_racing_jobs_store_and_record_one_clip()
    {
        var recording = await Recording.MakeAsync(Servers.Root, 30, [(12, 16)], 320, 180, Fps);
        var size = new FileInfo(recording).Length;
        var tenant = $"clips-{Guid.NewGuid():N}"[..18];
        var client = await Sut.ClientForTenantAsync(tenant);
        // Room for the source, not for a copy of the whole of it as well.
        Assert.Equal(HttpStatusCode.OK, (await Sut.Client.PutAsJsonAsync($"/api/tenants/{tenant}/quota", new { max_bytes = size * 3 / 2, max_assets = (long?)null })).StatusCode);
        var accepted = await Upload.AcceptedAsync(client, recording);
        Assert.Equal("completed", (await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(120))).GetProperty("state").GetString());
        var assetId = accepted.GetProperty("asset_id").GetGuid();
        var whole = new { ranges = new[] { new { start = 0.0, end = 30.0 } } };

        // Over the quota: the job fails saying so, stores nothing, counts nothing, and the source stays.
        var refused = await (await client.PostAsJsonAsync($"/api/assets/{assetId}/clips", whole)).Content.ReadFromJsonAsync<JsonElement>();
        var clipId = refused.GetProperty("clip_ids")[0].GetGuid();
        var failed = await Sut.WaitForJobAsync(refused.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(120));
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("over its storage quota", failed.GetProperty("error").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/clips")).GetProperty("clips").EnumerateArray());
        Assert.Empty(StoredClipFiles(clipId));
        await AssertUsageAsync(client, await StoredBytes.OfAsync(client, assetId), 1);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/assets/{assetId}/source")).StatusCode);

        // Room now; the same clip asked for twice while no worker runs, then both jobs run at once.
        Assert.Equal(HttpStatusCode.OK, (await Sut.Client.PutAsJsonAsync($"/api/tenants/{tenant}/quota", new { max_bytes = size * 4, max_assets = (long?)null })).StatusCode);
        await Sut.Worker.DisposeAsync();
        var first = await (await client.PostAsJsonAsync($"/api/assets/{assetId}/clips", whole)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await client.PostAsJsonAsync($"/api/assets/{assetId}/clips", whole)).Content.ReadFromJsonAsync<JsonElement>();
        var jobs = new[] { first.GetProperty("job_id").GetGuid(), second.GetProperty("job_id").GetGuid() };
        Assert.NotEqual(jobs[0], jobs[1]);
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, workerSettings: new Dictionary<string, string?> { ["Worker:Concurrency"] = "2" });
        client = await Sut.ClientForTenantAsync(tenant);
        foreach (var job in jobs)
            Assert.Equal("completed", (await Sut.WaitForJobAsync(job, TimeSpan.FromSeconds(120))).GetProperty("state").GetString());

        // One clip, one stored file (the job's that recorded it), its bytes the ones recorded; counted once.
        var clip = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/clips")).GetProperty("clips").EnumerateArray());
        Assert.Equal(clipId, clip.GetProperty("id").GetGuid());
        var file = Assert.Single(StoredClipFiles(clipId));
        Assert.Contains(Path.GetFileName(file), jobs.Select(j => $"source-{j:N}-1"));
        var asset = (await client.GetFromJsonAsync<JsonElement>($"/api/assets/{clipId}")).GetProperty("asset");
        var bytes = await client.GetByteArrayAsync(clip.GetProperty("url").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(file), bytes);
        Assert.Equal(asset.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        var clipSize = asset.GetProperty("size_bytes").GetInt64();
        Assert.Equal(bytes.Length, clipSize);
        await AssertUsageAsync(client, await StoredBytes.OfAsync(client, assetId, clipId), 2);

        // Deleting the clip gives its space back and leaves the source.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/assets/{clipId}")).StatusCode);
        await AssertUsageAsync(client, await StoredBytes.OfAsync(client, assetId), 1);
        Assert.Empty(StoredClipFiles(clipId));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/assets/{assetId}/source")).StatusCode);
    }

    /// <summary>The clip's source files in the object store (the tests' store is a directory).</summary>
    private string[] StoredClipFiles(Guid clipId)
    {
        var directory = System.IO.Path.Combine(Servers.Root, "objects", "assets", clipId.ToString("N"));
        return Directory.Exists(directory) ? Directory.GetFiles(directory, "source*") : [];
    }

    private static async Task AssertUsageAsync(HttpClient client, long bytes, long assets)
    {
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/usage");
        Assert.Equal((bytes, assets), (usage.GetProperty("used_bytes").GetInt64(), usage.GetProperty("assets").GetInt64()));
    }

    private async Task<(JsonElement Clip, string Path)> CutAsync(Guid assetId, object request)
    {
        var response = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/clips", request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToString());
        var job = await Sut.WaitForJobAsync(body.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(180));
        Assert.True(job.GetProperty("state").GetString() == "completed", job.ToString());
        var id = body.GetProperty("clip_ids").EnumerateArray().Single().GetGuid();
        var clip = (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/clips", PlatformJson.Options))
            .GetProperty("clips").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
        var path = System.IO.Path.Combine(Servers.Root, $"clip-{id:N}.mp4");
        await File.WriteAllBytesAsync(path, await Sut.Client.GetByteArrayAsync(clip.GetProperty("url").GetString()));
        // A clip is an asset of its own, linked to its source.
        var asset = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{id}", PlatformJson.Options);
        Assert.Equal("ready", asset.GetProperty("asset").GetProperty("status").GetString());
        return (clip, path);
    }

    private async Task<List<JsonElement>> HighlightsAsync(Guid assetId) =>
        (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/highlights", PlatformJson.Options)).GetProperty("highlights").EnumerateArray().ToList();

    private async Task<Guid> UploadAndProbeAsync(string path)
    {
        var accepted = await Sut.UploadAsync(path);
        Assert.Equal("completed", (await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(120))).GetProperty("state").GetString());
        return accepted.GetProperty("asset_id").GetGuid();
    }

    private async Task AssertBadRequestAsync(Guid assetId, object body, string reason)
    {
        var response = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/clips", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
