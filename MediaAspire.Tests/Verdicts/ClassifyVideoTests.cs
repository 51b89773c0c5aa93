using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Storage;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenCvSharp;

namespace MediaAspire.Tests.Verdicts;

/// <summary>/api/classify-video end to end: the API and a worker (real model weights) on real PostgreSQL, Redis and ffmpeg.</summary>
[Collection(ServersCollection.Name)]
public sealed class ClassifyVideoTests(ServersFixture servers) : SystemTest(servers)
{
    /// <summary>The asset once its renditions are listed.</summary>
    private Task<JsonElement> WithRenditionsAsync(Guid assetId) =>
        Wait.UntilAsync(() => Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}"), asset => asset.GetProperty("renditions").GetArrayLength() > 0,
            TimeSpan.FromSeconds(120), $"renditions of asset {assetId}");

    private async Task<JsonElement> CompletedJobAsync(JsonElement accepted)
    {
        var job = await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(120));
        Assert.True(job.GetProperty("state").GetString() == "completed", job.ToString());
        return job;
    }

    [Fact]
    public async Task An_async_classification_gives_a_verdict_with_keyframes_a_poster_and_then_the_assets_renditions()
    {
        var video = await ClassifyMedia.TwoShotsAsync(Servers.Root);

        var response = await Sut.Client.PostAsync("/api/classify-video?filename=trip.mp4", Upload.Raw(video));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var assetId = accepted.GetProperty("asset_id").GetGuid();
        var verdict = (await CompletedJobAsync(accepted)).GetProperty("result");
        Assert.False(verdict.GetProperty("is_explicit").GetBoolean());
        Assert.InRange(verdict.GetProperty("explicit_score").GetDouble(), 0, 0.5);
        Assert.Equal("nsfwjs/mobilenet_v2@4.4.0", verdict.GetProperty("model").GetString());
        Assert.Equal(assetId, verdict.GetProperty("asset_id").GetGuid());
        var cut = Assert.Single(verdict.GetProperty("cuts").EnumerateArray()).GetDouble();
        Assert.InRange(cut, ClassifyMedia.CutAt - 0.1, ClassifyMedia.CutAt + 0.1);
        var keyframes = verdict.GetProperty("keyframes").EnumerateArray().ToList();
        Assert.Equal([0, 1], keyframes.Select(k => k.GetProperty("scene").GetInt32()).Distinct().Order());
        Assert.All(keyframes, k => Assert.InRange(k.GetProperty("scores").EnumerateObject().Sum(p => p.Value.GetDouble()), 0.99, 1.01));
        Assert.Contains(verdict.GetProperty("scene_tags").EnumerateArray(), t => t.GetProperty("tag").GetString() == "photo");
        Assert.Contains(verdict.GetProperty("poster_t").GetDouble(), keyframes.Select(k => k.GetProperty("t").GetDouble()));

        // The verdict is the asset's now, with its poster; the classify job recorded the probe and queued the renditions.
        var asset = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}");
        Assert.Equal("ready", asset.GetProperty("asset").GetProperty("status").GetString());
        Assert.Equal("trip.mp4", asset.GetProperty("asset").GetProperty("filename").GetString());
        Assert.Equal(verdict.GetProperty("explicit_score").GetDouble(), asset.GetProperty("verdict").GetProperty("explicit_score").GetDouble());
        var kinds = asset.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["classify", "renditions"], kinds);
        var poster = await Sut.Client.GetAsync(verdict.GetProperty("poster_url").GetString());
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);
        using var image = Cv2.ImDecode(await poster.Content.ReadAsByteArrayAsync(), ImreadModes.Color);
        Assert.Equal((640, 360), (image.Width, image.Height));
        // Each keyframe's image, small, for a strip; past the last keyframe there is none.
        for (var i = 0; i < keyframes.Count; i++)
        {
            Assert.Equal($"/api/assets/{assetId}/keyframes/{i}", keyframes[i].GetProperty("image_url").GetString());
            using var frame = Cv2.ImDecode(await Sut.Client.GetByteArrayAsync(keyframes[i].GetProperty("image_url").GetString()), ImreadModes.Color);
            Assert.Equal((192, 108), (frame.Width, frame.Height));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Sut.Client.GetAsync($"/api/assets/{assetId}/keyframes/{keyframes.Count}")).StatusCode);

        // Progress went through the stages in order.
        var events = (await Sut.Client.GetStringAsync($"/api/jobs/{accepted.GetProperty("job_id").GetGuid()}/events"))
            .Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[5..]).RootElement).ToList();
        var stages = events.Select(e => e.TryGetProperty("stage", out var s) ? s.GetString() : null).Where(s => s is not null).Distinct().ToList();
        Assert.Equal(["downloading", "probe", "scenes", "scoring", "storing"], stages);
    }

    [Fact]
    public async Task Every_body_form_is_accepted_and_an_asset_with_a_verdict_is_answered_from_it()
    {
        var first = await ClassifyMedia.TwoShotsAsync(Servers.Root);
        var second = await ClassifyMedia.TwoShotsAsync(Servers.Root, "ColdRipple", "Path");

        using var multipart = Upload.Form(first, "first.mp4");
        var byMultipart = await Sut.Client.PostAsync("/api/classify-video", multipart);
        var byBase64 = await Sut.Client.PostAsJsonAsync("/api/classify-video",
            new { video_base64 = Convert.ToBase64String(await File.ReadAllBytesAsync(second)), filename = "second.mp4" });

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (byMultipart.StatusCode, byBase64.StatusCode));
        var firstAccepted = await byMultipart.Content.ReadFromJsonAsync<JsonElement>();
        await CompletedJobAsync(firstAccepted);
        await CompletedJobAsync(await byBase64.Content.ReadFromJsonAsync<JsonElement>());
        var assetId = firstAccepted.GetProperty("asset_id").GetGuid();

        // Known asset, nothing special asked: the stored verdict answers, no job.
        var again = await Sut.Client.PostAsJsonAsync("/api/classify-video", new { asset_id = assetId });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var cached = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(cached.GetProperty("cached").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cached.GetProperty("job_id").ValueKind);
        // The same bytes uploaded again resolve to the asset and its verdict too.
        var sameBytes = await Sut.Client.PostAsync("/api/classify-video", Upload.Raw(first));
        Assert.Equal((HttpStatusCode.OK, assetId), (sameBytes.StatusCode, (await sameBytes.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid()));

        // Asking for one keyframe is a new classification with that bound.
        var one = await Sut.Client.PostAsJsonAsync("/api/classify-video?max_keyframes=1", new { asset_id = assetId });
        Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);
        var bounded = (await CompletedJobAsync(await one.Content.ReadFromJsonAsync<JsonElement>())).GetProperty("result");
        Assert.Equal(1, bounded.GetProperty("keyframes").GetArrayLength());

        var unknown = await Sut.Client.PostAsJsonAsync("/api/classify-video", new { asset_id = Guid.NewGuid() });
        var reversed = await Sut.Client.PostAsJsonAsync("/api/classify-video?min_keyframes=5&max_keyframes=2", new { asset_id = assetId });
        var empty = await Sut.Client.PostAsJsonAsync("/api/classify-video", new { filename = "x.mp4" });
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (unknown.StatusCode, reversed.StatusCode, empty.StatusCode));
        Assert.Contains("above max_keyframes", await ProblemDetailAsync(reversed));
        Assert.Contains("asset_id", await ProblemDetailAsync(empty));
    }

    [Fact]
    public async Task The_assets_poster_is_the_renditions_still_until_classification_picks_the_best_keyframe()
    {
        var upload = await Sut.UploadAsync(await ClassifyMedia.TwoShotsAsync(Servers.Root, "Kite", "ColdRipple"));
        var assetId = upload.GetProperty("asset_id").GetGuid();
        var asset = await WithRenditionsAsync(assetId);
        var still = await Sut.Client.GetByteArrayAsync($"/api/assets/{assetId}/renditions/poster");

        Assert.Equal($"/api/assets/{assetId}/poster", asset.GetProperty("poster_url").GetString());
        Assert.Equal(still, await Sut.Client.GetByteArrayAsync($"/api/assets/{assetId}/poster"));

        var classify = await Sut.Client.PostAsJsonAsync("/api/classify-video", new { asset_id = assetId });
        await CompletedJobAsync(await classify.Content.ReadFromJsonAsync<JsonElement>());
        var picked = await Sut.Client.GetByteArrayAsync($"/api/assets/{assetId}/poster");

        Assert.NotEqual(still, picked);
        using var image = Cv2.ImDecode(picked, ImreadModes.Color);
        Assert.Equal((640, 360), (image.Width, image.Height));
        var verdict = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/verdict");
        Assert.Equal($"/api/assets/{assetId}/poster", verdict.GetProperty("poster_url").GetString());
    }

    [Fact]
    public async Task An_asset_whose_keyframes_are_all_explicit_has_no_poster_not_even_the_renditions_still()
    {
        // Threshold 0: every keyframe counts as explicit, so the verdict may pick none for a poster.
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, workerSettings: new Dictionary<string, string?> { ["Analysis:ExplicitThreshold"] = "0" });
        var upload = await Sut.UploadAsync(await ClassifyMedia.TwoShotsAsync(Servers.Root, "Path", "Kite"));
        var assetId = upload.GetProperty("asset_id").GetGuid();
        await WithRenditionsAsync(assetId);
        Assert.Equal(HttpStatusCode.OK, (await Sut.Client.GetAsync($"/api/assets/{assetId}/renditions/poster")).StatusCode);

        var classify = await Sut.Client.PostAsJsonAsync("/api/classify-video", new { asset_id = assetId });
        var verdict = (await CompletedJobAsync(await classify.Content.ReadFromJsonAsync<JsonElement>())).GetProperty("result");

        Assert.True(verdict.GetProperty("is_explicit").GetBoolean());
        Assert.Equal(JsonValueKind.Null, verdict.GetProperty("poster_t").ValueKind);
        var poster = await Sut.Client.GetAsync($"/api/assets/{assetId}/poster");
        Assert.Equal(HttpStatusCode.NotFound, poster.StatusCode);
        Assert.Contains("every keyframe explicit", await ProblemDetailAsync(poster));
        Assert.Equal(JsonValueKind.Null, (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}")).GetProperty("poster_url").ValueKind);
    }

    [Fact]
    public async Task Sync_answers_with_the_verdict_and_the_poster_inline()
    {
        var video = await ClassifyMedia.TwoShotsAsync(Servers.Root, "EveningGlow", "Kite");

        var response = await Sut.Client.PostAsync("/api/classify-video/sync?poster=true", Upload.Raw(video));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(verdict.GetProperty("is_explicit").GetBoolean());
        Assert.Equal(0.5, verdict.GetProperty("threshold").GetDouble());
        Assert.True(verdict.GetProperty("keyframes").GetArrayLength() >= 2);
        using var poster = Cv2.ImDecode(Convert.FromBase64String(verdict.GetProperty("poster_b64").GetString()!), ImreadModes.Color);
        Assert.Equal(640, poster.Width);
        var stored = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{verdict.GetProperty("asset_id").GetGuid()}/verdict");
        Assert.Equal(verdict.GetProperty("job_id").GetGuid(), stored.GetProperty("job_id").GetGuid());
    }

    [Fact]
    public async Task Sync_refuses_what_is_too_big_too_long_or_not_decodable_and_keeps_nothing_it_refused()
    {
        var video = await ClassifyMedia.TwoShotsAsync(Servers.Root);
        var big = await TestMedia.FfmpegAsync(Path.Combine(Servers.Root, $"big-{Guid.NewGuid():N}.mkv"),
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=2", "-f", "lavfi", "-i", "anoisesrc=duration=2",
            "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-c:a", "pcm_s16le", "-shortest");
        var (videoBytes, bigBytes) = (new FileInfo(video).Length, new FileInfo(big).Length);
        Assert.True(bigBytes > 2 * videoBytes, $"{bigBytes} vs {videoBytes}");
        var cap = (videoBytes + bigBytes) / 2;
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, new Dictionary<string, string?>
        {
            ["Classify:SyncMaxBytes"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Classify:SyncMaxDurationSeconds"] = "4",
        });

        var tooBig = await Sut.Client.PostAsync("/api/classify-video/sync", Upload.Raw(big));
        var tooLong = await Sut.Client.PostAsync("/api/classify-video/sync", Upload.Raw(video));
        var corrupt = await Sut.Client.PostAsync("/api/classify-video/sync", Upload.Raw(await ClassifyMedia.CorruptAsync(Servers.Root)));
        var random = await Sut.Client.PostAsync("/api/classify-video/sync", new ByteArrayContent(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains($"{cap:N0}-byte limit", await ProblemDetailAsync(tooBig));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        Assert.Contains("at most 4 s", await ProblemDetailAsync(tooLong));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, corrupt.StatusCode);
        Assert.Equal("application/problem+json", corrupt.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(await ProblemDetailAsync(corrupt)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, random.StatusCode);
        Assert.Contains("no known media container", await ProblemDetailAsync(random));
        // Refused for its length, the clip was not kept: the same bytes through the async endpoint are a new asset.
        var async = await Sut.Client.PostAsync("/api/classify-video", Upload.Raw(video));
        Assert.Equal(HttpStatusCode.Accepted, async.StatusCode);
    }

    [Fact]
    public async Task An_async_classification_of_undecodable_bytes_fails_with_the_reason_and_marks_the_asset()
    {
        var response = await Sut.Client.PostAsync("/api/classify-video", Upload.Raw(await ClassifyMedia.CorruptAsync(Servers.Root)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var job = await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(60));
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("unreadable", job.GetProperty("result").GetProperty("code").GetString());
        var asset = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{accepted.GetProperty("asset_id").GetGuid()}");
        Assert.Equal("failed", asset.GetProperty("asset").GetProperty("status").GetString());
        Assert.Equal(job.GetProperty("error").GetString(), asset.GetProperty("asset").GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, asset.GetProperty("verdict").ValueKind);
    }

    [Fact]
    public async Task Classifying_a_stored_asset_whose_source_is_lost_fails_the_job_and_the_asset()
    {
        var upload = await Sut.UploadAsync(await ClassifyMedia.TwoShotsAsync(Servers.Root, "Grey", "Kite"));
        var assetId = upload.GetProperty("asset_id").GetGuid();
        await Sut.WaitForJobAsync(upload.GetProperty("job_id").GetGuid());
        await Sut.Api.Services.GetRequiredService<IObjectStore>().DeleteAsync(Asset.SourceKey(assetId), CancellationToken.None);

        var response = await Sut.Client.PostAsJsonAsync("/api/classify-video", new { asset_id = assetId });
        var job = await Sut.WaitForJobAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetGuid());

        Assert.Equal(("failed", "source_missing"), (job.GetProperty("state").GetString(), job.GetProperty("result").GetProperty("code").GetString()));
        var asset = (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}")).GetProperty("asset");
        Assert.Equal(("failed", "The asset's source file is missing from storage."), (asset.GetProperty("status").GetString(), asset.GetProperty("error").GetString()));
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
}
