using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Api;

[Collection(ServersCollection.Name)]
public sealed class ApiKeyTests(ServersFixture servers) : SystemTest(servers)
{
    [Fact]
    public async Task Requests_without_a_valid_key_are_401_problems_but_probes_are_open()
    {
        using var anonymous = Sut.Api.CreateClient();

        var noKey = await anonymous.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "ma_wrong");
        var wrongKey = await anonymous.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        using var probes = Sut.Api.CreateClient();
        var health = await probes.GetAsync("/health");
        var alive = await probes.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Contains("X-Api-Key", (await noKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Contains("not valid", (await wrongKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (health.StatusCode, alive.StatusCode));
        var checks = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("PostgreSql").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("StackExchange.Redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_admin_creates_a_key_that_works_as_bearer_cannot_administer_and_can_be_revoked()
    {
        var created = await Sut.Client.PostAsJsonAsync("/api/keys", new { name = "ci pipeline" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("key").GetString()!;

        using var client = Sut.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var read = await client.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        var administer = await client.GetAsync("/api/keys");
        var revoke = await Sut.Client.DeleteAsync($"/api/keys/{body.GetProperty("id").GetGuid()}");
        var afterRevoke = await client.GetAsync($"/api/jobs/{Guid.NewGuid()}");

        Assert.StartsWith("ma_", key);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, administer.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_endpoints_and_the_key()
    {
        using var anonymous = Sut.Api.CreateClient();

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var reference = await anonymous.GetAsync("/scalar/v1");

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/assets", out _));
        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }
}
