using System.Diagnostics;
using MediaAspire.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MediaAspire.Tests.Reliability;

/// <summary>
/// The Redis process stopped and started again under a running API and worker, while jobs are queued and running:
/// with its data (a snapshot: stream, consumer group and pending entries come back) and without (it comes back empty).
/// PostgreSQL is the jobs' truth, so none is lost and each ends exactly once.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RedisRestartTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int UploadsBefore = 4, UploadsDuring = 2;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Jobs_queued_and_running_when_Redis_restarts_all_end_exactly_once_and_uploads_during_the_outage_are_kept(bool keepData)
    {
        await using var sut = SystemUnderTest.Start(servers, workerSettings: new Dictionary<string, string?>
        {
            ["Worker:SweepInterval"] = "00:00:01",
            ["Worker:SweepGrace"] = "00:00:02",
            ["Queue:VisibilityTimeout"] = "00:00:05",
        });
        await using var database = NpgsqlDataSource.Create(servers.DatabaseConnectionString);
        var assetIds = new List<Guid>();
        for (var i = 0; i < UploadsBefore; i++)
            assetIds.Add((await sut.UploadAsync(await TestMedia.TestPatternAsync(servers.Root, 320, 240, 25, 3))).GetProperty("asset_id").GetGuid());
        // Stopped while the worker is in the middle of one of them, the rest still queued.
        await Wait.UntilAsync(async () => await CountAsync(database, assetIds, "state = 'running'") > 0, TimeSpan.FromSeconds(60),
            () => "a job of the uploads to be running");

        var outage = Stopwatch.StartNew();
        await servers.StopRedisAsync(keepData);
        try
        {
            // Accepted while Redis is down: the jobs are in PostgreSQL, queued once it is back.
            for (var i = 0; i < UploadsDuring; i++)
                assetIds.Add((await sut.UploadAsync(await TestMedia.TestPatternAsync(servers.Root, 320, 240, 25, 3))).GetProperty("asset_id").GetGuid());
        }
        finally
        {
            await servers.StartRedisAgainAsync();
        }
        outage.Stop();
        var recovery = Stopwatch.StartNew();

        // Every asset's probe and renditions job, each ending once.
        var expected = 2 * assetIds.Count;
        await Wait.UntilAsync(async () => await CountAsync(database, assetIds, "state IN ('completed', 'failed', 'cancelled')") >= expected,
            TimeSpan.FromSeconds(180), () => $"the {expected} jobs of {assetIds.Count} uploads to end", TimeSpan.FromMilliseconds(250));
        recovery.Stop();

        await using var summary = database.CreateCommand("""
            SELECT count(*), count(DISTINCT (j.asset_id, j.kind)), count(*) FILTER (WHERE j.state = 'completed'), sum(j.attempts),
                   count(*) FILTER (WHERE (SELECT count(*) FROM job_events e WHERE e.job_id = j.id AND e.type IN ('completed', 'failed', 'cancelled')) = 1),
                   (SELECT count(*) FROM renditions r WHERE r.asset_id = ANY(@ids)),
                   (SELECT count(DISTINCT (r.asset_id, r.kind)) FROM renditions r WHERE r.asset_id = ANY(@ids))
            FROM jobs j WHERE j.asset_id = ANY(@ids)
            """);
        summary.Parameters.AddWithValue("ids", assetIds.ToArray());
        await using var reader = await summary.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (jobs, distinctJobs, completed, attempts, endedOnce, renditions, distinctRenditions) =
            (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
        output.WriteLine($"Redis restarted {(keepData ? "with" : "without")} its data: down {outage.Elapsed.TotalSeconds:F1} s " +
            $"({UploadsDuring} uploads accepted meanwhile); all {jobs} jobs ended {recovery.Elapsed.TotalSeconds:F1} s after it was back; " +
            $"{completed} completed, {attempts} attempts, {renditions} rendition rows");

        Assert.Equal((long)expected, jobs);
        Assert.Equal(jobs, distinctJobs);
        Assert.Equal(jobs, completed);
        Assert.Equal(jobs, endedOnce);
        Assert.True(renditions > 0, "no renditions were recorded");
        Assert.Equal(distinctRenditions, renditions);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource database, IReadOnlyList<Guid> assetIds, string where)
    {
        await using var count = database.CreateCommand($"SELECT count(*) FROM jobs WHERE asset_id = ANY(@ids) AND {where}");
        count.Parameters.AddWithValue("ids", assetIds.ToArray());
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
