using MediaAspire.Api.Assets;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace MediaAspire.Tests.Reliability;

/// <summary>Redis losing every queued message (flushed, or restarted without persistence): PostgreSQL still knows the jobs.</summary>
[Collection(ServersCollection.Name)]
public sealed class RedisLossTests(ServersFixture servers)
{
    [Fact]
    public async Task Jobs_queued_before_Redis_was_flushed_are_queued_again_from_PostgreSQL_and_all_complete()
    {
        await using var api = new ServiceFactory<AssetIngestor>(servers);
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory<AssetIngestor>.AdminKey);
        var uploads = new List<Guid>();
        for (var i = 0; i < 3; i++)
            uploads.Add((await Upload.AcceptedAsync(client, await TestMedia.TestPatternAsync(servers.Root, 160, 120, 10, 1))).GetProperty("job_id").GetGuid());

        // No worker has seen them yet: the stream, the consumer group and every message go.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString + ",allowAdmin=true"))
            await redis.GetServers().Single().FlushAllDatabasesAsync();

        await using var worker = new ServiceFactory<JobRunner>(servers, new Dictionary<string, string?>
        {
            ["Worker:SweepInterval"] = "00:00:01",
            ["Worker:SweepGrace"] = "00:00:01",
            ["Worker:MaxPollInterval"] = "00:00:00.500",
        });
        worker.StartServer();
        foreach (var jobId in uploads)
        {
            var job = await JobWaiter.FinishedAsync(client, jobId, TimeSpan.FromSeconds(90));
            Assert.Equal("completed", job.GetProperty("state").GetString());
            Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        }
    }
}
