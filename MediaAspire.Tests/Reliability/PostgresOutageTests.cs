using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Reliability;

/// <summary>PostgreSQL stopped under a running API and worker, then started again: 503s meanwhile, then everything by itself.</summary>
[Collection(ServersCollection.Name)]
public sealed class PostgresOutageTests(ServersFixture servers) : SystemTest(servers)
{
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
