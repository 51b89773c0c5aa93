using System.Net;
using System.Text.Json.Nodes;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Tests.Web;

/// <summary>
/// The web UI's contract with the API: its typed client is generated from web/openapi.json, which must be the API's own
/// document; the API serves the UI's pages anonymously without shadowing what the API answers itself.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class WebServingTests(ServersFixture servers) : ApiTest(servers)
{
    private static readonly string CheckedIn = Path.Combine(RepositoryRoot.Path, "web", "openapi.json");

    /// <summary>Refresh with: run this test, then <c>cp artifacts/web/openapi.json web/openapi.json</c> (README, "The web UI").</summary>
    [Fact]
    public async Task The_checked_in_openapi_document_is_the_apis_own()
    {
        using var anonymous = Api.Factory.CreateClient();
        var live = WithoutServers(JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!);
        var fresh = Path.Combine(RepositoryRoot.Path, "artifacts", "web", "openapi.json");
        Directory.CreateDirectory(Path.GetDirectoryName(fresh)!);
        await File.WriteAllTextAsync(fresh, live.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");

        var checkedIn = WithoutServers(JsonNode.Parse(await File.ReadAllTextAsync(CheckedIn))!);
        Assert.True(JsonNode.DeepEquals(live, checkedIn),
            $"web/openapi.json differs from the API's /openapi/v1.json: the UI's client would be generated from a stale contract. Refresh it: cp {fresh} {CheckedIn}");
    }

    [Fact]
    public async Task The_ui_is_served_at_its_routes_and_the_api_keeps_its_own_answers()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "MediaAspire.Api", "wwwroot", "index.html")),
            "the web UI is not built: run scripts/build-web.sh (test.sh and run.sh do)");
        using var anonymous = Api.Factory.CreateClient();

        foreach (var route in new[] { "/", "/library", "/upload", "/brands", "/admin", $"/assets/{Guid.NewGuid()}" })
        {
            var page = await anonymous.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<title>MediaAspire</title>", await page.Content.ReadAsStringAsync());
        }

        // The API's own paths are not the UI's: unknown ones stay 404 (not index.html), keyed ones still want a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/assets")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync("/api/no-such-thing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync("/no-such-page")).StatusCode);
        Assert.Equal("application/json", (await anonymous.GetAsync("/openapi/v1.json")).Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task The_current_key_endpoint_tells_its_tenant_and_scopes()
    {
        var response = await Api.Client.PostAsync("/api/keys",
            System.Net.Http.Json.JsonContent.Create(new { name = "viewer", tenant = "web-viewers", scopes = new[] { "read" } }));
        var key = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        using var viewer = Api.Factory.CreateClient();
        viewer.DefaultRequestHeaders.Add("X-Api-Key", key);

        var current = JsonNode.Parse(await viewer.GetStringAsync("/api/keys/current"))!;
        Assert.Equal("web-viewers", current["tenant"]!.GetValue<string>());
        Assert.Equal(["read"], current["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.False(current["operator"]!.GetValue<bool>());
        Assert.Equal("viewer", current["name"]!.GetValue<string>());

        var admin = JsonNode.Parse(await Api.Client.GetStringAsync("/api/keys/current"))!;
        Assert.True(admin["operator"]!.GetValue<bool>());
        Assert.Contains("admin", admin["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    private static JsonNode WithoutServers(JsonNode document)
    {
        // The server URL is the request's own host: it is not part of the contract.
        document.AsObject().Remove("servers");
        return document;
    }
}
