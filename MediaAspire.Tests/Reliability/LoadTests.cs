using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using MediaAspire.Api.Assets;
using MediaAspire.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MediaAspire.Tests.Reliability;

/// <summary>
/// Load on the real servers, bounded in count: 20 parallel uploads, 200 concurrent status polls, and a storm of small
/// jobs (uploads, each a probe and a renditions job) on 2 worker processes. Asserts that every request is answered and
/// every job ends completed (nothing lost); the figures it prints are for docs/reliability.md, not asserted.
/// <para>The suite's storm is 100 jobs (50 uploads), to keep it within its time on 2 cores; the 500 is
/// <c>MEDIAASPIRE_STORM_UPLOADS=250</c> (run for docs/reliability.md).</para>
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LoadTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int ParallelUploads = 20, ConcurrentPolls = 200;

    private static readonly int StormUploads =
        int.TryParse(Environment.GetEnvironmentVariable("MEDIAASPIRE_STORM_UPLOADS"), out var uploads) && uploads > 0 ? uploads : 50;

    [Fact]
    public async Task Parallel_uploads_concurrent_polls_and_a_storm_of_small_jobs_on_2_workers_all_complete()
    {
        // Limits high enough that the rate limiter is not what is measured, and a connection pool that leaves the test
        // server's 100 PostgreSQL connections room for the workers (200 polls at once would otherwise open 100 alone).
        await using var api = new ServiceFactory<AssetIngestor>(servers, new Dictionary<string, string?>
        {
            ["ConnectionStrings:mediadb"] = servers.DatabaseConnectionString + ";Maximum Pool Size=50",
            ["RateLimits:Read:Burst"] = "100000", ["RateLimits:Read:TokensPerPeriod"] = "100000",
            ["RateLimits:Write:Burst"] = "100000", ["RateLimits:Write:TokensPerPeriod"] = "100000",
        });
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory<AssetIngestor>.AdminKey);
        var templatePath = await TestMedia.TestPatternAsync(servers.Root, 160, 120, 10, 1);
        var template = (await File.ReadAllBytesAsync(templatePath), Id: Path.GetFileNameWithoutExtension(templatePath)[^32..]);
        var settings = new Dictionary<string, string> { ["Worker:MaxPollInterval"] = "00:00:00.500" };
        await using var first = ServiceProcess.StartWorker(servers, settings);
        await using var second = ServiceProcess.StartWorker(servers, settings);

        var uploads = await TimedAsync(Enumerable.Range(0, ParallelUploads).Select(_ => Upload.AcceptedAsync(client, Unique(template), "clip.mp4")), ParallelUploads);
        Report("parallel uploads", uploads);
        var jobIds = uploads.Results.Select(r => r.GetProperty("job_id").GetGuid()).ToList();

        var polls = await TimedAsync(Enumerable.Range(0, ConcurrentPolls).Select(i => PollAsync(client, jobIds[i % jobIds.Count])), ConcurrentPolls);
        Report("concurrent status polls", polls);
        Assert.All(polls.Results, status => Assert.Equal(HttpStatusCode.OK, status));

        var storm = Stopwatch.StartNew();
        var stormUploads = new List<JsonElement>();
        foreach (var batch in Enumerable.Range(0, StormUploads).Chunk(10))
            stormUploads.AddRange(await Task.WhenAll(batch.Select(_ => Upload.AcceptedAsync(client, Unique(template), "clip.mp4"))));
        var assetIds = stormUploads.Concat(uploads.Results).Select(u => u.GetProperty("asset_id").GetGuid()).ToArray();
        var total = (StormUploads + ParallelUploads) * 2;
        // Read from PostgreSQL, the jobs' truth, rather than one asset at a time through the API (which would be load of its own).
        await using var database = NpgsqlDataSource.Create(servers.DatabaseConnectionString);
        var states = await Wait.UntilAsync(async () =>
            {
                await using var count = database.CreateCommand("SELECT state, count(*) FROM jobs WHERE asset_id = ANY(@ids) GROUP BY state");
                count.Parameters.AddWithValue("ids", assetIds);
                var byState = new Dictionary<string, long>();
                await using var reader = await count.ExecuteReaderAsync();
                while (await reader.ReadAsync()) byState[reader.GetString(0)] = reader.GetInt64(1);
                return byState;
            },
            byState => byState.GetValueOrDefault("completed") + byState.GetValueOrDefault("failed") + byState.GetValueOrDefault("cancelled") >= total,
            TimeSpan.FromMinutes(10), $"the storm's {total} jobs to end", byState => string.Join(", ", byState), TimeSpan.FromMilliseconds(500));
        storm.Stop();
        await using var jobsOf = database.CreateCommand("SELECT count(*), count(DISTINCT (asset_id, kind)), sum(attempts) FROM jobs WHERE asset_id = ANY(@ids)");
        jobsOf.Parameters.AddWithValue("ids", assetIds);
        await using var summary = await jobsOf.ExecuteReaderAsync();
        await summary.ReadAsync();

        Assert.Equal(total, states.GetValueOrDefault("completed"));
        // One probe and one renditions job per asset, none created twice.
        Assert.Equal((total, total), (summary.GetInt64(0), summary.GetInt64(1)));
        output.WriteLine($"storm: {StormUploads * 2} jobs (+{ParallelUploads * 2} from the parallel uploads) all completed in {storm.Elapsed.TotalSeconds:F1} s: {total / storm.Elapsed.TotalSeconds:F1} jobs/s on 2 workers, {summary.GetInt64(2)} attempts");
    }

    /// <summary>The template with the unique id in its metadata replaced: new bytes (the API dedupes), the same media.</summary>
    private static byte[] Unique((byte[] Bytes, string Id) template)
    {
        var at = template.Bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(template.Id));
        Assert.True(at >= 0, "the template's metadata id is not in its bytes");
        var bytes = (byte[])template.Bytes.Clone();
        Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N")).CopyTo(bytes, at);
        return bytes;
    }

    private static async Task<HttpStatusCode> PollAsync(HttpClient client, Guid jobId)
    {
        using var response = await client.GetAsync($"/api/jobs/{jobId}");
        return response.StatusCode;
    }

    private sealed record Timed<T>(IReadOnlyList<T> Results, IReadOnlyList<double> Milliseconds, double WallSeconds);

    private static async Task<Timed<T>> TimedAsync<T>(IEnumerable<Task<T>> starting, int count)
    {
        var wall = Stopwatch.StartNew();
        var timed = await Task.WhenAll(starting.Select(async task =>
        {
            var one = Stopwatch.StartNew();
            var result = await task;
            return (result, one.Elapsed.TotalMilliseconds);
        }));
        Assert.Equal(count, timed.Length);
        return new Timed<T>(timed.Select(t => t.result).ToList(), timed.Select(t => t.Item2).Order().ToList(), wall.Elapsed.TotalSeconds);
    }

    private void Report<T>(string what, Timed<T> timed) =>
        output.WriteLine($"{what}: {timed.Results.Count} in {timed.WallSeconds:F2} s ({timed.Results.Count / timed.WallSeconds:F0}/s), " +
            $"p50 {Percentile(timed.Milliseconds, 0.5):F0} ms, p99 {Percentile(timed.Milliseconds, 0.99):F0} ms");

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
