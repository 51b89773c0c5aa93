using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MediaAspire.Tests.Reliability;

/// <summary>PostgreSQL stopped under a running API and worker, then started again: 503s meanwhile, then everything by itself.</summary>
[Collection(ServersCollection.Name)]
public sealed class PostgresOutageTests(ServersFixture servers, ITestOutputHelper output) : SystemTest(servers)
{
    private const int Readers = 8;

    [Fact]
    public async Task Restarted_under_load_PostgreSQL_costs_503_problems_never_500s_and_everything_recovers_by_itself_with_no_result_lost()
    {
        // Rate limits out of the way: what is measured is the outage, not the token buckets.
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, new Dictionary<string, string?>
        {
            ["RateLimits:Read:Burst"] = "100000", ["RateLimits:Read:TokensPerPeriod"] = "100000",
            ["RateLimits:Write:Burst"] = "100000", ["RateLimits:Write:TokensPerPeriod"] = "100000",
        });
        // Work done before the outage, and work in flight when it starts.
        var done = await Sut.UploadAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, 10, 1));
        var doneJob = await Sut.WaitForJobAsync(done.GetProperty("job_id").GetGuid());
        Assert.Equal("completed", doneJob.GetProperty("state").GetString());
        var inFlight = new List<JsonElement>();
        for (var i = 0; i < 3; i++) inFlight.Add(await Sut.UploadAsync(await TestMedia.TestPatternAsync(Servers.Root, 320, 240, 25, 3)));
        var uploadBody = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, 10, 1));

        // Readers poll jobs, assets and lists; a writer keeps uploading (new bytes each time: the same bytes would dedupe).
        var answers = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, string? Type, bool RetryAfter, DateTime At)>();
        using var stop = new CancellationTokenSource();
        var jobUrl = $"/api/jobs/{doneJob.GetProperty("id").GetGuid()}";
        var assetUrl = done.GetProperty("asset_url").GetString()!;
        var load = Enumerable.Range(0, Readers).Select(i => Task.Run(async () =>
        {
            string[] urls = [jobUrl, assetUrl, "/api/assets?limit=5", "/api/stats"];
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                using var response = i == 0 && n % 4 == 0
                    ? await Sut.Client.PostAsync("/api/assets", Upload.Form(Unique(uploadBody), "load.mp4"))
                    : await Sut.Client.GetAsync(urls[n % urls.Length]);
                answers.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.Contains("Retry-After"), DateTime.UtcNow));
            }
        })).ToList();
        using var probes = Sut.Api.CreateClient();
        await Wait.UntilAsync(() => Task.FromResult(answers.Count(a => a.Status is HttpStatusCode.OK or HttpStatusCode.Accepted) >= 20),
            TimeSpan.FromSeconds(60), () => "20 answered requests before the outage");

        var stoppedAt = DateTime.UtcNow;
        await Servers.StopPostgresAsync();
        HttpStatusCode healthDuring;
        DateTime startedAt;
        try
        {
            await Wait.UntilAsync(() => Task.FromResult(answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable && a.At > stoppedAt) >= 100),
                TimeSpan.FromSeconds(60), () => "100 requests answered during the outage");
            healthDuring = (await probes.GetAsync("/health")).StatusCode;
        }
        finally
        {
            await Servers.StartPostgresAgainAsync();
            startedAt = DateTime.UtcNow;
        }
        await Wait.UntilAsync(() => Task.FromResult(answers.Count(a => a.Status == HttpStatusCode.OK && a.At > startedAt) >= 20),
            TimeSpan.FromSeconds(90), () => "20 answered requests after PostgreSQL came back");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var all = answers.ToList();
        var firstAfter = all.Where(a => a.At > startedAt && a.Status == HttpStatusCode.OK).Min(a => a.At);
        output.WriteLine($"PostgreSQL down {(startedAt - stoppedAt).TotalSeconds:F1} s under {Readers} clients: {all.Count} requests, " +
            string.Join(", ", all.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}")) +
            $"; first 200 {(firstAfter - startedAt).TotalSeconds:F1} s after it was back");

        Assert.Empty(all.Where(a => (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable).Select(a => (int)a.Status));
        Assert.Empty(all.Where(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable)).Select(a => (int)a.Status));
        Assert.All(all.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.Equal(("application/problem+json", true), (a.Type, a.RetryAfter)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthDuring);
        // Nothing completed was lost, what was in flight finished, and readiness came back by itself.
        Assert.Equal(doneJob.GetProperty("result").ToString(), (await Sut.Client.GetFromJsonAsync<JsonElement>(jobUrl)).GetProperty("result").ToString());
        foreach (var upload in inFlight)
        {
            var renditions = await JobWaiter.OnAssetAsync(Sut.Client, upload.GetProperty("asset_url").GetString()!, "renditions",
                job => job.GetProperty("state").GetString() is not ("pending" or "running"), "to end", TimeSpan.FromSeconds(180));
            Assert.Equal("completed", renditions.GetProperty("state").GetString());
        }
        await Wait.UntilAsync(async () => (await probes.GetAsync("/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(90),
            () => "the API's /health to be healthy again after PostgreSQL came back");
    }

    /// <summary>The file with its last byte changed: new bytes for the API, which dedupes, and still an MP4 to sniff.</summary>
    private static byte[] Unique(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[^1] = (byte)Random.Shared.Next(256);
        return copy;
    }

    [Fact]
    public async Task During_a_PostgreSQL_outage_requests_are_503_problems_and_readiness_is_unhealthy_then_everything_recovers_by_itself()
    {
        var before = await Sut.UploadAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, 10, 1));
        var probed = await Sut.WaitForJobAsync(before.GetProperty("job_id").GetGuid());
        Assert.Equal("completed", probed.GetProperty("state").GetString());
        var assetUrl = before.GetProperty("asset_url").GetString();
        using var probes = Sut.Api.CreateClient();

        await Servers.StopPostgresAsync();
        HttpResponseMessage during, health;
        try
        {
            during = await Sut.Client.GetAsync(assetUrl);
            health = await probes.GetAsync("/health");
        }
        finally
        {
            await Servers.StartPostgresAgainAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
        Assert.Contains("PostgreSQL", (await during.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.True(during.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("PostgreSql").GetProperty("status").GetString());

        // Recovery without a restart of the API or the worker: reads answer again, the completed result is intact, new work flows.
        await Wait.UntilAsync(async () => (await Sut.Client.GetAsync(assetUrl)).IsSuccessStatusCode, TimeSpan.FromSeconds(90),
            () => $"{assetUrl} to answer again after PostgreSQL came back");
        var asset = await Sut.Client.GetFromJsonAsync<JsonElement>(assetUrl, PlatformJson.Options);
        Assert.Equal("ready", asset.GetProperty("asset").GetProperty("status").GetString());
        Assert.Equal(probed.GetProperty("result").ToString(),
            (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/jobs/{before.GetProperty("job_id").GetGuid()}")).GetProperty("result").ToString());
        var after = await Sut.UploadAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, 10, 1));
        Assert.Equal("completed", (await Sut.WaitForJobAsync(after.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(90))).GetProperty("state").GetString());
        await Wait.UntilAsync(async () => (await probes.GetAsync("/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(90),
            () => "the API's /health to be healthy again after PostgreSQL came back");
    }
}
