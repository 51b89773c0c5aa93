using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Hosting.LocalServices;
using MediaAspire.Tests.Infrastructure.Servers;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Pipeline;

/// <summary>A job whose every delivery fails transiently ends failed when the queue gives up on it, and so does its asset.</summary>
[Collection(ServersCollection.Name)]
public sealed class DeadLetterTests(ServersFixture servers) : SystemTest(servers)
{
    [Fact]
    public async Task A_probe_dead_lettered_after_its_deliveries_marks_the_asset_failed_with_the_reason()
    {
        await Sut.DisposeAsync();
        // A queue of the test's own, quick to give up; and a worker whose storage is down, so every attempt fails transiently.
        var queue = new Dictionary<string, string?>
        {
            ["Queue:StreamKey"] = $"test:{Guid.NewGuid():N}",
            ["Queue:DeadLetterStreamKey"] = $"test:{Guid.NewGuid():N}:dead",
            ["Queue:VisibilityTimeout"] = "00:00:01",
            ["Queue:MaxDeliveries"] = "1",
        };
        Sut = SystemUnderTest.Start(Servers, queue, new Dictionary<string, string?>(queue)
        {
            ["ConnectionStrings:storage"] = $"Endpoint=http://127.0.0.1:{HostPrograms.FreePort()};AccessKey=down;SecretKey=down",
        });
        var video = await TestMedia.TestPatternAsync(Servers.Root, 320, 240, seconds: 1);
        var accepted = await Sut.UploadAsync(video);

        var job = await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(120));

        Assert.Equal("failed", job.GetProperty("state").GetString());
        var error = job.GetProperty("error").GetString();
        Assert.StartsWith("Gave up after 1 attempts that did not finish; last error: Attempt 1 failed:", error);
        var asset = (await Sut.Client.GetFromJsonAsync<JsonElement>(accepted.GetProperty("asset_url").GetString())).GetProperty("asset");
        Assert.Equal(("failed", error), (asset.GetProperty("status").GetString(), asset.GetProperty("error").GetString()));
    }
}
