using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MediaAspire.Tests.Reliability;

/// <summary>
/// A disk filled to the last byte while a renditions job encodes: the worker's scratch disk, or the object store's.
/// Each a small tmpfs of its own, so the ENOSPC is real. The job fails saying the disk is full and leaves nothing
/// half-written: no rendition rows, no rendition objects, no scratch files, no temporary objects.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DiskFullTests(ServersFixture servers, ITestOutputHelper output)
{
    [Theory]
    [InlineData("scratch")]
    [InlineData("storage")]
    public async Task A_renditions_job_whose_disk_fills_up_fails_saying_so_and_leaves_nothing_half_written(string full)
    {
        await using var disk = await SmallDisk.MountAsync(servers.Root, 96L * 1024 * 1024);
        var scratch = full == "scratch" ? disk.Path : Path.Combine(servers.Root, "scratch");
        var objects = full == "storage" ? disk.Path : Path.Combine(servers.Root, "objects");
        var storage = new Dictionary<string, string?> { ["ConnectionStrings:storage"] = $"Path={objects}" };
        await using var sut = SystemUnderTest.Start(servers, storage, new Dictionary<string, string?>(storage)
        {
            ["Worker:ScratchDirectory"] = scratch,
            // The free-space check before the download passes; the disk fills up afterwards, under ffmpeg or the store.
            ["Worker:MinFreeScratchBytes"] = "0",
            ["Renditions:HlsEnabled"] = "true",
            ["Renditions:HlsLadder"] = "240,360",
        });
        // Long enough that the encode is still running when the disk is filled, however fast the machine.
        var uploaded = await sut.UploadAsync(await TestMedia.TestPatternAsync(servers.Root, 640, 360, 25, 40));
        var assetUrl = uploaded.GetProperty("asset_url").GetString()!;
        var assetId = uploaded.GetProperty("asset_id").GetGuid();
        var encoding = await JobWaiter.OnAssetAsync(sut.Client, assetUrl, "renditions",
            job => job.GetProperty("stage").GetString() == "encoding" && job.GetProperty("progress").GetSingle() > 0.1f,
            "to be encoding, past 10 %", TimeSpan.FromSeconds(90));
        var jobId = encoding.GetProperty("id").GetGuid();

        var filler = await disk.FillAsync();
        var failed = await sut.WaitForJobAsync(jobId, TimeSpan.FromSeconds(180));
        output.WriteLine($"{full} disk (96 MiB tmpfs) filled with {filler:N0} bytes mid-encode: job {failed.GetProperty("state").GetString()}, " +
            $"{failed.GetProperty("attempts").GetInt32()} attempt(s): {failed.GetProperty("error")}");

        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("No space left on device", failed.GetProperty("error").GetString());
        Assert.Contains("full", failed.GetProperty("error").GetString());
        var asset = await sut.Client.GetFromJsonAsync<JsonElement>(assetUrl, PlatformJson.Options);
        Assert.Equal("ready", asset.GetProperty("asset").GetProperty("status").GetString());
        Assert.Equal(0, asset.GetProperty("renditions").GetArrayLength());
        await using var database = NpgsqlDataSource.Create(servers.DatabaseConnectionString);
        await using var rows = database.CreateCommand("SELECT count(*) FROM renditions WHERE asset_id = @id");
        rows.Parameters.AddWithValue("id", assetId);
        Assert.Equal(0L, await rows.ExecuteScalarAsync());
        var assetDirectory = Path.Combine(objects, "assets", assetId.ToString("N"));
        Assert.False(Directory.Exists(Path.Combine(assetDirectory, "renditions")) &&
            Directory.EnumerateFiles(Path.Combine(assetDirectory, "renditions"), "*", SearchOption.AllDirectories).Any(), "rendition objects were left");
        Assert.Empty(Directory.GetFiles(assetDirectory, "*.partial", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(scratch, jobId.ToString("N"))), "the job's scratch directory was left");
    }
}
