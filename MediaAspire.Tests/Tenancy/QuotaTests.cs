using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Tenancy;

/// <summary>Storage quotas per tenant: reserved before anything is written, so parallel uploads cannot squeeze past them.</summary>
[Collection(ServersCollection.Name)]
public sealed class QuotaTests(ServersFixture servers) : SystemTest(servers)
{
    private async Task<(HttpClient Client, string Tenant)> TenantWithQuotaAsync(long? maxBytes, long? maxAssets)
    {
        var tenant = $"quota-{Guid.NewGuid():N}"[..18];
        var client = await Sut.ClientForTenantAsync(tenant);
        var set = await Sut.Client.PutAsJsonAsync($"/api/tenants/{tenant}/quota", new { max_bytes = maxBytes, max_assets = maxAssets });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        return (client, tenant);
    }

    private int StoredSources() =>
        Directory.Exists(Path.Combine(Servers.Root, "objects", "assets"))
            ? Directory.GetFiles(Path.Combine(Servers.Root, "objects", "assets"), "source", SearchOption.AllDirectories).Length
            : 0;

    [Fact]
    public async Task Of_two_parallel_uploads_that_cannot_both_fit_one_is_stored_and_the_other_refused_with_413_before_writing()
    {
        var first = await TestMedia.TestPatternAsync(Servers.Root, 320, 240, 10, 2);
        var second = await TestMedia.TestPatternAsync(Servers.Root, 320, 240, 10, 2);
        var size = Math.Max(new FileInfo(first).Length, new FileInfo(second).Length);
        // Room for one upload (with its multipart envelope), not for two.
        var (client, tenant) = await TenantWithQuotaAsync(maxBytes: size * 3 / 2, maxAssets: null);
        var storedBefore = StoredSources();

        var answers = await Task.WhenAll(client.PostAsync("/api/assets", Upload.Form(first)), client.PostAsync("/api/assets", Upload.Form(second)));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.RequestEntityTooLarge], answers.Select(a => a.StatusCode).Order());
        var refused = answers.Single(a => a.StatusCode == HttpStatusCode.RequestEntityTooLarge);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Storage quota exceeded", problem.GetProperty("title").GetString());
        Assert.Contains("/api/usage", problem.GetProperty("detail").GetString());
        Assert.Equal(storedBefore + 1, StoredSources());
        var accepted = await answers.Single(a => a.StatusCode == HttpStatusCode.Accepted).Content.ReadFromJsonAsync<JsonElement>();
        var stored = await StoredBytes.OfAsync(client, accepted.GetProperty("asset_id").GetGuid());
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/usage");
        Assert.Equal(tenant, usage.GetProperty("tenant").GetString());
        Assert.Equal(stored, usage.GetProperty("used_bytes").GetInt64());
        Assert.Equal(1, usage.GetProperty("assets").GetInt64());
        Assert.Equal(size * 3 / 2, usage.GetProperty("max_bytes").GetInt64());
    }

    [Fact]
    public async Task A_resumable_upload_holds_its_size_and_an_asset_until_it_is_aborted_and_a_deleted_asset_gives_its_space_back()
    {
        var video = await TestMedia.TestPatternAsync(Servers.Root, 160, 120, 10, 1);
        var (client, tenant) = await TenantWithQuotaAsync(maxBytes: null, maxAssets: 1);
        var declare = new { filename = "later.mp4", size_bytes = 5000, sha256 = Convert.ToHexStringLower(SHA256.HashData(new byte[5000])) };

        var uploaded = await Upload.AcceptedAsync(client, video);
        var overQuota = await client.PostAsJsonAsync("/api/uploads", declare);
        // The source and, once made, its renditions: deleting the asset must give back both.
        var stored = await StoredBytes.OfAsync(client, uploaded.GetProperty("asset_id").GetGuid());
        var full = await client.GetFromJsonAsync<JsonElement>("/api/usage");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/assets/{uploaded.GetProperty("asset_id").GetGuid()}")).StatusCode);
        var emptied = await client.GetFromJsonAsync<JsonElement>("/api/usage");
        var declared = await client.PostAsJsonAsync("/api/uploads", declare);
        var holding = await client.GetFromJsonAsync<JsonElement>("/api/usage");
        var inlineWhileHeld = await client.PostAsync("/api/assets", Upload.Form(video));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync((await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString())).StatusCode);
        var released = await client.GetFromJsonAsync<JsonElement>("/api/usage");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overQuota.StatusCode);
        Assert.True(stored > new FileInfo(video).Length, $"the asset holds {stored} bytes with its renditions, no more than its source");
        Assert.Equal((stored, 1L), (full.GetProperty("used_bytes").GetInt64(), full.GetProperty("assets").GetInt64()));
        Assert.Equal((0L, 0L), (emptied.GetProperty("used_bytes").GetInt64(), emptied.GetProperty("assets").GetInt64()));
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        Assert.Equal((5000L, 1L), (holding.GetProperty("used_bytes").GetInt64(), holding.GetProperty("assets").GetInt64()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, inlineWhileHeld.StatusCode);
        Assert.Equal((0L, 0L), (released.GetProperty("used_bytes").GetInt64(), released.GetProperty("assets").GetInt64()));

        // Usage and quotas are the tenant's own business and the operator's.
        using var other = await Sut.ClientForTenantAsync($"nosy-{Guid.NewGuid():N}"[..16], "read", "write", "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/usage?tenant={tenant}")).StatusCode);
        var setByOther = await other.PutAsJsonAsync($"/api/tenants/{tenant}/quota", new { max_bytes = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, setByOther.StatusCode);
        Assert.Contains("operator", (await setByOther.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(tenant, (await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/usage?tenant={tenant}")).GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task A_rendition_set_that_would_go_over_the_quota_is_refused_before_it_is_stored_and_the_asset_keeps_its_source()
    {
        var video = await TestMedia.TestPatternAsync(Servers.Root, 320, 240, 10, 2);
        var size = new FileInfo(video).Length;
        // Room for the source (and its multipart envelope) only: a poster, a proxy and an HLS ladder cannot fit.
        var (client, _) = await TenantWithQuotaAsync(maxBytes: size + 4096, maxAssets: null);

        var assetId = (await Upload.AcceptedAsync(client, video)).GetProperty("asset_id").GetGuid();
        var job = await JobWaiter.OnAssetAsync(client, $"/api/assets/{assetId}", "renditions",
            j => j.GetProperty("state").GetString() is not ("pending" or "running"), "to finish", TimeSpan.FromSeconds(180));
        var asset = await client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}");
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/usage");
        var renditionFiles = Path.Combine(Servers.Root, "objects", "assets", assetId.ToString("N"), "renditions");

        Assert.Equal("failed", job.GetProperty("state").GetString());
        var error = asset.GetProperty("asset").GetProperty("error").GetString();
        Assert.Contains("Storing the renditions", error);
        Assert.Contains("over its storage quota", error);
        Assert.Empty(asset.GetProperty("renditions").EnumerateArray());
        Assert.Empty(Directory.Exists(renditionFiles) ? Directory.GetFiles(renditionFiles, "*", SearchOption.AllDirectories) : []);
        Assert.Equal((size, 1L), (usage.GetProperty("used_bytes").GetInt64(), usage.GetProperty("assets").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/assets/{assetId}/source")).StatusCode);
    }
}
