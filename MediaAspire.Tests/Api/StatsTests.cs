using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Api;

/// <summary>/api/stats, what the dashboard shows operators, on an API with no worker (so jobs stay where they are).</summary>
[Collection(ServersCollection.Name)]
public sealed class StatsTests(ServersFixture servers)
{
    [Fact]
    public async Task Jobs_waiting_for_a_worker_are_listed_in_progress_with_their_kind_and_state()
    {
        await using var api = new ApiHost(servers);
        var video = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(servers.Root, 160, 120, fps: 5, seconds: 0.5));
        var accepted = await (await api.UploadSmallAsync(video, "waiting.mp4")).Content.ReadFromJsonAsync<JsonElement>();

        var stats = await api.Client.GetFromJsonAsync<JsonElement>("/api/stats");

        var jobId = accepted.GetProperty("job_id").GetGuid();
        var active = stats.GetProperty("active").EnumerateArray().Single(j => j.GetProperty("id").GetGuid() == jobId);
        Assert.Equal(("probe", "pending", 0f), (active.GetProperty("kind").GetString(), active.GetProperty("state").GetString(), active.GetProperty("progress").GetSingle()));
        Assert.True(stats.GetProperty("jobs").GetProperty("pending").GetInt64() >= 1);
    }
}
