using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Api.Assets;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Tests.Infrastructure;

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
}
