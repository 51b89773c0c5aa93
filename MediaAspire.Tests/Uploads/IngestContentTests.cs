using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Api.Uploads.Bodies;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Uploads;

/// <summary>What the API lets in: media by its bytes (not its name), inline base64 clips, and each distinct content once.</summary>
[Collection(ServersCollection.Name)]
public sealed class IngestContentTests(ServersFixture servers) : ApiTest(servers)
{
    private int StoredAssetObjects()
    {
        var directory = Path.Combine(Servers.Root, "objects", "assets");
        return Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Length : 0;
    }

    [Fact]
    public async Task A_text_file_named_mp4_is_415_with_the_reason_and_nothing_is_kept()
    {
        var before = StoredAssetObjects();

        var response = await Api.UploadSmallAsync("hello, I am plain text pretending to be a video\n"u8.ToArray(), "clip.mp4");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var detail = await ApiHost.DetailAsync(response);
        Assert.StartsWith("The file's content is text (checked its first bytes, not its name).", detail);
        Assert.Equal(before, StoredAssetObjects());
    }

    [Fact]
    public async Task Random_bytes_are_415_as_no_known_container()
    {
        var noise = new byte[4096];
        new Random(42).NextBytes(noise);

        var response = await Api.UploadSmallAsync(noise, "noise.mkv");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("no known media container", await ApiHost.DetailAsync(response));
    }

    [Theory]
    [InlineData("mp4", "-f lavfi -i testsrc2=size=64x48:rate=5:duration=0.4 -c:v libx264 -preset ultrafast", "video/mp4")]
    [InlineData("mkv", "-f lavfi -i testsrc2=size=64x48:rate=5:duration=0.4 -c:v libx264 -preset ultrafast", "video/x-matroska")]
    [InlineData("avi", "-f lavfi -i testsrc2=size=64x48:rate=5:duration=0.4 -c:v mpeg4", "video/x-msvideo")]
    [InlineData("ts", "-f lavfi -i testsrc2=size=64x48:rate=5:duration=0.4 -c:v mpeg2video", "video/mp2t")]
    [InlineData("flv", "-f lavfi -i testsrc2=size=64x48:rate=5:duration=0.4 -c:v flv1", "video/x-flv")]
    [InlineData("mp3", "-f lavfi -i sine=duration=0.3 -c:a libmp3lame", "audio/mpeg")]
    [InlineData("wav", "-f lavfi -i sine=duration=0.3", "audio/wav")]
    [InlineData("flac", "-f lavfi -i sine=duration=0.3", "audio/flac")]
    [InlineData("ogg", "-f lavfi -i sine=duration=0.3 -c:a flac", "application/ogg")]
    [InlineData("mov", "-f lavfi -i testsrc2=size=64x48:rate=5:duration=0.4 -c:v libx264 -preset ultrafast", "video/quicktime")]
    [InlineData("png", "-f lavfi -i testsrc2=size=64x48 -frames:v 1", "image/png")]
    [InlineData("jpg", "-f lavfi -i testsrc2=size=64x48 -frames:v 1", "image/jpeg")]
    public async Task Containers_made_by_ffmpeg_are_recognised_by_their_first_bytes(string extension, string arguments, string mediaType)
    {
        var path = await TestMedia.FfmpegAsync(Path.Combine(Servers.Root, $"sniff-{Guid.NewGuid():N}.{extension}"), arguments.Split(' '));
        var bytes = await File.ReadAllBytesAsync(path);

        Assert.Equal(mediaType, MediaSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, MediaSniffer.HeadLength)))?.MediaType);
    }

    [Fact]
    public async Task A_video_base64_clip_becomes_an_asset_and_bad_base64_is_400()
    {
        var video = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, fps: 5, seconds: 0.5));

        var response = await Api.Client.PostAsJsonAsync("/api/assets", new { video_base64 = Convert.ToBase64String(video) });
        var broken = await Api.Client.PostAsync("/api/assets",
            new StringContent("{\"video_base64\": \"not base64 at all!\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var asset = (await Api.Client.GetFromJsonAsync<JsonElement>(accepted.GetProperty("asset_url").GetString())).GetProperty("asset");
        Assert.Equal(((long)video.Length, ApiHost.Sha256(video), "clip"),
            (asset.GetProperty("size_bytes").GetInt64(), asset.GetProperty("sha256").GetString(), asset.GetProperty("filename").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    [Fact]
    public async Task An_inline_clip_over_its_cap_is_413()
    {
        await using var small = new ApiHost(Servers, new Dictionary<string, string?> { ["Uploads:MaxInlineBytes"] = "3000" });

        var response = await small.Client.PostAsJsonAsync("/api/assets", new { video_base64 = Convert.ToBase64String(new byte[200_000]) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("3,000 bytes", await ApiHost.DetailAsync(response));
    }

    [Fact]
    public async Task The_same_bytes_uploaded_again_by_any_route_are_the_existing_asset_and_job()
    {
        var video = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, fps: 5, seconds: 0.5));
        var before = StoredAssetObjects();

        var first = await Api.UploadSmallAsync(video, "first.mp4");
        var second = await Api.UploadSmallAsync(video, "second-name.mp4");
        var inline = await Api.Client.PostAsJsonAsync("/api/assets", new { video_base64 = Convert.ToBase64String(video) });
        var uploadId = (await Api.InitiateAsync(video)).GetProperty("id").GetGuid();
        await Api.PutPartAsync(uploadId, 1, video);
        var resumable = await Api.CompleteAsync(uploadId);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var original = await first.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var again in new[] { second, inline, resumable })
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var body = await again.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((original.GetProperty("asset_id").GetGuid(), original.GetProperty("job_id").GetGuid(), true),
                (body.GetProperty("asset_id").GetGuid(), body.GetProperty("job_id").GetGuid(), body.GetProperty("duplicate").GetBoolean()));
        }
        // One stored copy, one job.
        Assert.Equal(before + 1, StoredAssetObjects());
        var asset = await Api.Client.GetFromJsonAsync<JsonElement>(original.GetProperty("asset_url").GetString());
        Assert.Single(asset.GetProperty("jobs").EnumerateArray());
    }
}
