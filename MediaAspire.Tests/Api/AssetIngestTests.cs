using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MediaAspire.Tests.Api;

/// <summary>End to end: upload through the API, probe in the worker, read back — on real servers and ffmpeg.</summary>
[Collection(ServersCollection.Name)]
public sealed class AssetIngestTests(ServersFixture servers) : SystemTest(servers)
{
    [Fact]
    public async Task An_uploaded_video_is_probed_and_its_metadata_matches_what_was_generated()
    {
        var video = await TestMedia.TestPatternAsync(Servers.Root, 1280, 720, fps: 30, seconds: 3);

        var accepted = await Sut.UploadAsync(video, "holiday.mp4");
        var job = await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid());

        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(["created", "started", "completed"], job.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var asset = (await Sut.Client.GetFromJsonAsync<JsonElement>(accepted.GetProperty("asset_url").GetString())).GetProperty("asset");
        Assert.Equal(("holiday.mp4", "ready", new FileInfo(video).Length),
            (asset.GetProperty("filename").GetString(), asset.GetProperty("status").GetString(), asset.GetProperty("size_bytes").GetInt64()));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(video))),
            asset.GetProperty("sha256").GetString());
        var probe = asset.GetProperty("probe");
        Assert.InRange(probe.GetProperty("duration_seconds").GetDouble(), 2.9, 3.1);
        var stream = probe.GetProperty("video_streams")[0];
        Assert.Equal(("h264", 1280, 720, 30.0),
            (stream.GetProperty("codec").GetString(), stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32(),
             stream.GetProperty("frame_rate").GetDouble()));
        var audio = probe.GetProperty("audio_streams")[0];
        Assert.Equal(("aac", 48000), (audio.GetProperty("codec").GetString(), audio.GetProperty("sample_rate").GetInt32()));
        // The job's result is the same probe.
        Assert.Equal(1280, job.GetProperty("result").GetProperty("video_streams")[0].GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task A_file_that_only_starts_like_an_mp4_ends_as_a_failed_job_with_a_reason()
    {
        // Passes the API's magic-bytes check (an ftyp box), but ffprobe finds no movie in it.
        var path = Path.Combine(Servers.Root, $"broken-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8,
            .. System.Text.Encoding.ASCII.GetBytes($"no movie here {Guid.NewGuid()}\n")]);

        var accepted = await Sut.UploadAsync(path);
        var job = await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid());

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Contains("not a video or audio file", job.GetProperty("error").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        var asset = (await Sut.Client.GetFromJsonAsync<JsonElement>(accepted.GetProperty("asset_url").GetString())).GetProperty("asset");
        Assert.Equal("failed", asset.GetProperty("status").GetString());
        Assert.Contains("not a video or audio file", asset.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_zero_byte_upload_is_a_400_problem()
    {
        using var content = Upload.Form([], "empty.mp4");

        var response = await Sut.Client.PostAsync("/api/assets", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The uploaded file is empty (0 bytes).", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_request_without_a_file_part_or_video_is_refused()
    {
        using var noFile = new MultipartFormDataContent { { new StringContent("x"), "comment" } };
        var missing = await Sut.Client.PostAsync("/api/assets", noFile);
        var json = await Sut.Client.PostAsJsonAsync("/api/assets", new { url = "x" });
        var text = await Sut.Client.PostAsync("/api/assets", new StringContent("a video, honestly"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("no file part", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Contains("no video_base64", (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        var job = await Sut.Client.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        var asset = await Sut.Client.GetAsync($"/api/assets/{Guid.NewGuid()}");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (job.StatusCode, asset.StatusCode));
        Assert.Equal("application/problem+json", job.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_sweeper_requeues_a_job_that_Redis_lost()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Servers.Redis.ConnectionString + ",allowAdmin=true");
        var video = await TestMedia.TestPatternAsync(Servers.Root, 320, 240, seconds: 1);
        // Stop the worker so the job stays queued, then lose the whole queue.
        await Sut.Worker.DisposeAsync();
        var accepted = await Sut.UploadAsync(video);
        await redis.GetDatabase().ExecuteAsync("FLUSHALL");

        await using var worker = new ServiceFactory<JobRunner>(Servers, new Dictionary<string, string?> { ["Worker:SweepGrace"] = "00:00:00" });
        worker.StartServer();
        var requeued = await worker.Services.GetRequiredService<LostJobSweeper>().SweepAsync(CancellationToken.None);
        var job = await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid());

        Assert.True(requeued >= 1);
        Assert.Equal("completed", job.GetProperty("state").GetString());
    }
}
