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
