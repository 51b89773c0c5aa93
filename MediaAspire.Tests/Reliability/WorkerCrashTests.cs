using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Api.Assets;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Tests.Infrastructure;
using Npgsql;

namespace MediaAspire.Tests.Reliability;

/// <summary>A worker SIGKILLed in the middle of a job: another takes the job over once its lease runs out and finishes it once.</summary>
[Collection(ServersCollection.Name)]
public sealed class WorkerCrashTests(ServersFixture servers)
{
    // Short leases, so the dead worker's job is reclaimed within seconds.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Queue:VisibilityTimeout"] = "00:00:04",
        ["Worker:MaxPollInterval"] = "00:00:00.500",
        ["Renditions:HlsEnabled"] = "true",
        ["Renditions:HlsLadder"] = "240,360",
    };

    [Fact]
    public async Task A_job_whose_worker_was_SIGKILLed_mid_encode_is_reclaimed_and_completed_exactly_once()
    {
        await using var api = new ServiceFactory<AssetIngestor>(servers);
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory<AssetIngestor>.AdminKey);
        var video = await TestMedia.TestPatternAsync(servers.Root, 640, 360, 25, 12);

        await using var doomed = ServiceProcess.StartWorker(servers, Settings);
        var uploaded = await Upload.AcceptedAsync(client, video);
        var assetUrl = uploaded.GetProperty("asset_url").GetString()!;
        // Killed while ffmpeg encodes, past the start and before the results are stored.
        var encoding = await JobWaiter.OnAssetAsync(client, assetUrl, "renditions",
            job => job.GetProperty("stage").GetString() == "encoding" && job.GetProperty("progress").GetSingle() > 0.1f,
            "to be encoding, past 10 %", TimeSpan.FromSeconds(90));
        var jobId = encoding.GetProperty("id").GetGuid();
        doomed.Kill();

        await using var survivor = new ServiceFactory<JobRunner>(servers, Settings.ToDictionary(p => p.Key, p => (string?)p.Value));
        survivor.StartServer();
        var finished = await JobWaiter.FinishedAsync(client, jobId, TimeSpan.FromSeconds(120));

        Assert.Equal("completed", finished.GetProperty("state").GetString());
        Assert.Equal(2, finished.GetProperty("attempts").GetInt32());
        var events = finished.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(2, events.Count(t => t == "started"));
        Assert.Equal(1, events.Count(t => t == "completed"));
        var renditions = (await client.GetFromJsonAsync<JsonElement>(assetUrl)).GetProperty("renditions").EnumerateArray()
            .Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Equal(renditions.Distinct().Count(), renditions.Count);
        Assert.Contains("proxy", renditions);
        Assert.Contains("hls", renditions);
        var assetDirectory = Path.Combine(servers.Root, "objects", "assets", uploaded.GetProperty("asset_id").GetGuid().ToString("N"));
        Assert.Empty(Directory.GetFiles(assetDirectory, "*.partial", SearchOption.AllDirectories));
        // Every HLS segment the playlists name exists, and no segment is left that none names (no half ladder of the killed attempt).
        var hlsDirectory = Path.Combine(assetDirectory, "renditions", "hls");
        var named = Directory.GetFiles(hlsDirectory, "index.m3u8", SearchOption.AllDirectories)
            .SelectMany(p => File.ReadLines(p).Where(l => l.EndsWith(".ts", StringComparison.Ordinal)).Select(l => Path.Combine(Path.GetDirectoryName(p)!, l)))
            .Order().ToList();
        Assert.Equal(named, Directory.GetFiles(hlsDirectory, "*.ts", SearchOption.AllDirectories).Order());
    }

    [Fact]
    public async Task A_classify_job_and_a_clips_job_whose_worker_was_SIGKILLed_are_each_completed_once_with_one_verdict_and_one_clip()
    {
        await using var api = new ServiceFactory<AssetIngestor>(servers);
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory<AssetIngestor>.AdminKey);
        await using var database = NpgsqlDataSource.Create(servers.DatabaseConnectionString);
        var video = await TestMedia.TestPatternAsync(servers.Root, 1280, 720, 25, 20);

        await using var doomed = ServiceProcess.StartWorker(servers, Settings);
        var assetId = (await Upload.AcceptedAsync(client, video)).GetProperty("asset_id").GetGuid();
        // The upload's own jobs out of the way, so the two under test run side by side on the worker's two slots.
        await StoredBytes.OfAsync(client, assetId);
        var classify = await (await client.PostAsJsonAsync("/api/classify-video", new { asset_id = assetId })).Content.ReadFromJsonAsync<JsonElement>();
        var cut = await (await client.PostAsJsonAsync($"/api/assets/{assetId}/clips",
            new { mode = "precise", ranges = new[] { new { start = 0.5, end = 19.5 } } })).Content.ReadFromJsonAsync<JsonElement>();
        Guid[] jobs = [classify.GetProperty("job_id").GetGuid(), cut.GetProperty("job_id").GetGuid()];
        var clipId = cut.GetProperty("clip_ids")[0].GetGuid();
        // Killed while both are at work: past their start, before either has stored its results.
        await Wait.UntilAsync(async () =>
            {
                var states = await Task.WhenAll(jobs.Select(j => client.GetFromJsonAsync<JsonElement>($"/api/jobs/{j}")));
                return states.All(j => j.GetProperty("state").GetString() == "running" && j.GetProperty("progress").GetSingle() > 0.1f
                    && j.GetProperty("stage").GetString() != "storing");
            }, TimeSpan.FromSeconds(120), () => "the classify and clips jobs to be running together, past 10 %");
        doomed.Kill();

        await using var survivor = new ServiceFactory<JobRunner>(servers, Settings.ToDictionary(p => p.Key, p => (string?)p.Value));
        survivor.StartServer();
        var finished = new List<JsonElement>();
        foreach (var job in jobs) finished.Add(await JobWaiter.FinishedAsync(client, job, TimeSpan.FromSeconds(180)));

        foreach (var job in finished)
        {
            Assert.Equal(("completed", 2), (job.GetProperty("state").GetString(), job.GetProperty("attempts").GetInt32()));
            Assert.Equal(1, job.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "completed"));
        }
        await using (var verdicts = database.CreateCommand("SELECT count(*) FROM verdicts WHERE asset_id = @id"))
        {
            verdicts.Parameters.AddWithValue("id", assetId);
            Assert.Equal(1L, (long)(await verdicts.ExecuteScalarAsync())!);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/assets/{assetId}/verdict")).StatusCode);
        var clip = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/clips")).GetProperty("clips").EnumerateArray());
        Assert.Equal(clipId, clip.GetProperty("id").GetGuid());
        // The second attempt's file only: the killed one stored nothing, and no clip asset was made twice.
        var clipFiles = Directory.GetFiles(Path.Combine(servers.Root, "objects", "assets", clipId.ToString("N")), "source*");
        Assert.Equal([$"source-{jobs[1]:N}-2"], clipFiles.Select(Path.GetFileName));
        await using (var clipAssets = database.CreateCommand("SELECT count(*) FROM clips WHERE source_asset_id = @id"))
        {
            clipAssets.Parameters.AddWithValue("id", assetId);
            Assert.Equal(1L, (long)(await clipAssets.ExecuteScalarAsync())!);
        }
    }
}
