using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Tenancy;

/// <summary>Per-key token buckets, one per scope a request needs: refused with 429, Retry-After and a ProblemDetails body.</summary>
[Collection(ServersCollection.Name)]
public sealed class RateLimitTests(ServersFixture servers) : SystemTest(servers)
{
    [Fact]
    public async Task A_key_over_its_write_burst_gets_429_with_Retry_After_while_its_reads_and_other_keys_go_on()
    {
        // A burst of 5 writes that refills one token an hour: the sixth write is refused, whatever the machine's speed.
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, apiSettings: new Dictionary<string, string?>
        {
            ["RateLimits:Write:Burst"] = "5",
            ["RateLimits:Write:TokensPerPeriod"] = "1",
            ["RateLimits:Write:Period"] = "01:00:00",
        });
        using var busy = await Sut.ClientForTenantAsync($"busy-{Guid.NewGuid():N}"[..16]);
        using var calm = await Sut.ClientForTenantAsync($"calm-{Guid.NewGuid():N}"[..16]);

        var writes = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++) writes.Add(await busy.PostAsync($"/api/jobs/{Guid.NewGuid()}/cancel", null));
        var read = await busy.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        var otherKeysWrite = await calm.PostAsync($"/api/jobs/{Guid.NewGuid()}/cancel", null);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)),
            writes.Select(w => w.StatusCode));
        var refused = writes[^1];
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 3600);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("'write'", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherKeysWrite.StatusCode);
    }
}
