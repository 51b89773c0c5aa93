using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Highlights;

/// <summary>End to end: a generated recording with a known loud stretch, a chat timeline with a known burst, a raid and a
/// transcript with a burst of keywords; the API's highlights are those moments, with the right reasons.</summary>
[Collection(ServersCollection.Name)]
public sealed class HighlightDetectionTests(ServersFixture servers) : SystemTest(servers)
{
    [Fact]
    public async Task The_known_moments_rank_first_with_the_signals_that_found_them()
    {
        var recording = await Recording.MakeAsync(Servers.Root, 240, [(40, 46)]);
        var assetId = await UploadAndProbeAsync(recording);
        // Chat: one message every 6 s all along, then 30 in 6 s from 105 s (viewers reacting 5 s after a moment at 100 s).
        var messages = Enumerable.Range(0, 40).Select(i => new { t = i * 6.0, user = $"u{i % 7}", text = "hi" })
            .Concat(Enumerable.Range(0, 30).Select(i => new { t = 105 + i * 0.2, user = $"fan{i}", text = "POG" }));
        const string transcript = """
            WEBVTT

            00:00:10.000 --> 00:00:14.000
            welcome back everyone

            00:03:20.000 --> 00:03:24.000
            oh my god no way, that was insane

            00:03:24.000 --> 00:03:27.000
            clutch! wow, let's go
            """;
        var response = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/highlights", new
        {
            top = 4,
            chat = new { messages, lag_seconds = 5 },
            events = new object[] { new { t = 150, type = "raid", amount = 50 }, new { t = 20, type = "redemption" } },
            transcript_vtt = transcript,
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await Sut.WaitForJobAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetGuid());
        Assert.Equal("completed", job.GetProperty("state").GetString());

        var highlights = (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/highlights", PlatformJson.Options))
            .GetProperty("highlights").EnumerateArray().ToList();
        Assert.Equal(4, highlights.Count);
        Assert.Equal(highlights.Select(Score).OrderDescending(), highlights.Select(Score));
        // Each known moment is inside one highlight, found by its own signal; nothing else made the list.
        AssertMoment(highlights, 43, "audio", "loudness +");
        AssertMoment(highlights, 100, "chat", "× baseline");
        AssertMoment(highlights, 150, "events", "raid (50)");
        AssertMoment(highlights, 202, "transcript", "keywords");
        Assert.All(highlights, h => Assert.Empty(h.GetProperty("clip_ids").EnumerateArray()));
        // Non-overlapping, within the recording, between the minimum and maximum length.
        var spans = highlights.Select(h => (Start: h.GetProperty("start").GetDouble(), End: h.GetProperty("end").GetDouble())).OrderBy(s => s.Start).ToList();
        Assert.All(spans.Zip(spans.Skip(1)), p => Assert.True(p.First.End <= p.Second.Start, $"{p.First} overlaps {p.Second}"));
        Assert.All(spans, s => Assert.InRange(s.End - s.Start, 10, 60));
        Assert.All(spans, s => Assert.InRange(s.Start, 0, 240));
        Assert.All(spans, s => Assert.InRange(s.End, 0, 240));
        var audio = highlights.Single(h => Contains(h, 43));
        Assert.Equal("audio", audio.GetProperty("reasons")[0].GetProperty("signal").GetString());
        Assert.True(audio.GetProperty("reasons")[0].GetProperty("score").GetDouble() >= 2, audio.ToString());
    }

    [Fact]
    public async Task One_detection_runs_per_asset_and_bad_requests_are_400_with_the_reason()
    {
        var recording = await Recording.MakeAsync(Servers.Root, 20, [(5, 8)]);
        var assetId = await UploadAndProbeAsync(recording);
        await Sut.Worker.DisposeAsync(); // nobody takes the detection: it stays pending

        var first = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/highlights", new { top = 2 });
        var second = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/highlights", new { top = 3 });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var jobId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetGuid();
        Assert.Contains(jobId.ToString(), (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        await AssertBadRequestAsync(assetId, new { top = 0 }, "top must be between 1 and 50");
        await AssertBadRequestAsync(assetId, new { transcript_vtt = "this is not a transcript" }, "holds no cue");
        await AssertBadRequestAsync(assetId, new { chat = new { messages = new[] { new { t = -3 } } } }, "time t of 0 or more");
        await AssertBadRequestAsync(assetId, new { events = new[] { new { t = 3, type = "" } } }, "needs a type");
        Assert.Equal(HttpStatusCode.NotFound, (await Sut.Client.PostAsJsonAsync($"/api/assets/{Guid.NewGuid()}/highlights", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Sut.Client.GetAsync($"/api/assets/{Guid.NewGuid()}/highlights")).StatusCode);
    }

    [Fact]
    public async Task Without_a_scene_analysis_the_scene_pass_finds_the_cuts_and_with_one_its_cuts_are_reused()
    {
        // 90 s without sound: one long shot, a burst of eight cuts 1.5 s apart from 40 s, another long shot.
        var burst = Enumerable.Range(0, 8).Select(i => new Shot(CutVideo.Photo(i % 2 == 0 ? "Kite" : "Opal"), Motion.Still, 1.5));
        var video = await CutVideo.MakeAsync(Path.Combine(Servers.Root, $"burst-{Guid.NewGuid():N}.mp4"),
            [new(CutVideo.Photo("Altai"), Motion.Still, 40), .. burst, new(CutVideo.Photo("PastelHills"), Motion.Still, 38)], 320, 180,
            encoder: CutVideo.FixedGop(2));
        var assetId = await UploadAndProbeAsync(video.Path);

        // No verdict yet: the stage runs the scene pass itself (beside the loudness, here none: no audio stream).
        var first = await DetectAsync(assetId);
        Assert.Equal("scene_pass", first.GetProperty("scene_cuts_from").GetString());
        Assert.Equal(["scenes"], first.GetProperty("signals").EnumerateArray().Select(s => s.GetString()));
        AssertMoment(await ListAsync(assetId), 46, "scenes", "cuts in");

        // Classified: the verdict's scene analysis is reused, the video is not decoded for it again.
        var classify = await Sut.Client.PostAsJsonAsync("/api/classify-video", new { asset_id = assetId });
        var verdict = await Sut.WaitForJobAsync((await classify.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(180));
        Assert.True(verdict.GetProperty("state").GetString() == "completed", verdict.ToString());
        var again = await DetectAsync(assetId);
        Assert.Equal("scene_analysis", again.GetProperty("scene_cuts_from").GetString());
        AssertMoment(await ListAsync(assetId), 46, "scenes", "cuts in");
    }

    private async Task<JsonElement> DetectAsync(Guid assetId)
    {
        var response = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/highlights", new { top = 2 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await Sut.WaitForJobAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(120));
        Assert.True(job.GetProperty("state").GetString() == "completed", job.ToString());
        return job.GetProperty("result");
    }

    private async Task<List<JsonElement>> ListAsync(Guid assetId) =>
        (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/highlights", PlatformJson.Options)).GetProperty("highlights").EnumerateArray().ToList();

    private async Task<Guid> UploadAndProbeAsync(string path)
    {
        var accepted = await Sut.UploadAsync(path);
        var probe = await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid());
        Assert.Equal("completed", probe.GetProperty("state").GetString());
        return accepted.GetProperty("asset_id").GetGuid();
    }

    private async Task AssertBadRequestAsync(Guid assetId, object body, string reason)
    {
        var response = await Sut.Client.PostAsJsonAsync($"/api/assets/{assetId}/highlights", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private static void AssertMoment(IReadOnlyList<JsonElement> highlights, double t, string signal, string detail)
    {
        var highlight = Assert.Single(highlights, h => Contains(h, t));
        var reason = Assert.Single(highlight.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("signal").GetString() == signal);
        Assert.Contains(detail, reason.GetProperty("detail").GetString());
    }

    private static bool Contains(JsonElement highlight, double t) => highlight.GetProperty("start").GetDouble() <= t && t < highlight.GetProperty("end").GetDouble();

    private static double Score(JsonElement highlight) => highlight.GetProperty("score").GetDouble();
}
