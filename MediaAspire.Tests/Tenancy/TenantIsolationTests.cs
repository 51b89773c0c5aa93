using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Tenancy;

/// <summary>Two tenants on one installation: neither reaches the other's rows, whatever the route; each key does only what its scopes say.</summary>
[Collection(ServersCollection.Name)]
public sealed class TenantIsolationTests(ServersFixture servers) : SystemTest(servers)
{
    private static string NewTenant(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Another_tenants_asset_jobs_renditions_verdict_keyframes_events_and_uploads_answer_404_and_are_never_listed()
    {
        // With an HLS ladder, so the playlist route is crossed too.
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, workerSettings: new Dictionary<string, string?> { ["Renditions:HlsEnabled"] = "true", ["Renditions:HlsLadder"] = "240" });
        using var a = await Sut.ClientForTenantAsync(NewTenant("acme"));
        using var b = await Sut.ClientForTenantAsync(NewTenant("globex"));
        var video = await TestMedia.TestPatternAsync(Servers.Root, 320, 240, 10, 2);

        var uploaded = await Upload.AcceptedAsync(a, video);
        var assetId = uploaded.GetProperty("asset_id").GetGuid();
        var probeJob = uploaded.GetProperty("job_id").GetGuid();
        var assetUrl = $"/api/assets/{assetId}";
        // A's renditions, then A's verdict (one keyframe keeps it short).
        var renditionsJob = (await JobWaiter.OnAssetAsync(a, assetUrl, "renditions", job => job.GetProperty("state").GetString() is "completed",
            "to complete", TimeSpan.FromSeconds(90))).GetProperty("id").GetGuid();
        var classify = await JsonAsync(await a.PostAsJsonAsync("/api/classify-video?max_keyframes=1", new { asset_id = assetId }));
        var classifyJob = classify.GetProperty("job_id").GetGuid();
        await JobWaiter.UntilAsync(a, classifyJob, job => job.GetProperty("state").GetString() == "completed", "to complete", TimeSpan.FromSeconds(90));
        var upload = await JsonAsync(await a.PostAsJsonAsync("/api/uploads",
            new { filename = "big.mp4", size_bytes = 1000, sha256 = Convert.ToHexStringLower(SHA256.HashData(new byte[1000])) }));
        var uploadUrl = upload.GetProperty("url").GetString();

        string[] reads =
        [
            assetUrl, $"{assetUrl}/source", $"{assetUrl}/renditions/proxy", $"{assetUrl}/renditions/hls/master.m3u8", $"{assetUrl}/verdict",
            $"{assetUrl}/poster", $"{assetUrl}/keyframes/0", $"/api/jobs/{probeJob}", $"/api/jobs/{renditionsJob}", $"/api/jobs/{classifyJob}", $"/api/jobs/{classifyJob}/events",
            uploadUrl!,
        ];
        foreach (var url in reads)
        {
            var theirs = await b.GetAsync(url);
            Assert.True(theirs.StatusCode == HttpStatusCode.NotFound, $"B GET {url}: {(int)theirs.StatusCode}");
            var ours = await a.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(ours.IsSuccessStatusCode || ours.StatusCode == HttpStatusCode.Redirect, $"A GET {url}: {(int)ours.StatusCode}");
        }

        // Writes to A's rows through B change nothing and say nothing exists.
        var deleteAsset = await b.DeleteAsync(assetUrl);
        var cancel = await b.PostAsync($"/api/jobs/{classifyJob}/cancel", null);
        var reclassify = await b.PostAsJsonAsync("/api/classify-video", new { asset_id = assetId });
        var part = await b.PutAsync($"{uploadUrl}/parts/1", new ByteArrayContent(new byte[1000]));
        var complete = await b.PostAsync($"{uploadUrl}/complete", null);
        var abort = await b.DeleteAsync(uploadUrl);
        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { deleteAsset, cancel, reclassify, part, complete, abort }.Select(r => r.StatusCode));
        var stillThere = await JsonAsync(await a.GetAsync(assetUrl));
        Assert.Equal("ready", stillThere.GetProperty("asset").GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, stillThere.GetProperty("verdict").ValueKind);
        Assert.Equal(0, (await JsonAsync(await a.GetAsync(uploadUrl))).GetProperty("received_bytes").GetInt64());

        // Lists: A's asset is in A's list and the operator's, never in B's; B's stats show none of A's jobs.
        var listedByA = (await a.GetFromJsonAsync<JsonElement>("/api/assets?limit=200")).GetProperty("items").EnumerateArray().Select(Id).ToList();
        var listedByB = (await b.GetFromJsonAsync<JsonElement>("/api/assets?limit=200")).GetProperty("items").EnumerateArray().Select(Id).ToList();
        var listedByOperator = (await Sut.Client.GetFromJsonAsync<JsonElement>("/api/assets?limit=200")).GetProperty("items").EnumerateArray().Select(Id).ToList();
        var statsOfB = (await b.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("jobs");
        Assert.Equal([assetId], listedByA);
        Assert.Empty(listedByB);
        Assert.Contains(assetId, listedByOperator);
        Assert.Equal(0, statsOfB.GetProperty("completed").GetInt64());

        // Dedupe is per tenant: the same bytes from B are B's own new asset; from A again, A's existing one.
        var sameBytesFromB = await Upload.AcceptedAsync(b, video);
        var sameBytesFromA = await a.PostAsync("/api/assets", Upload.Form(video));
        Assert.NotEqual(assetId, sameBytesFromB.GetProperty("asset_id").GetGuid());
        Assert.False(sameBytesFromB.GetProperty("duplicate").GetBoolean());
        Assert.Equal(assetId, (await JsonAsync(sameBytesFromA)).GetProperty("asset_id").GetGuid());

        // The owner deletes: gone for everyone.
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync(assetUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Sut.Client.GetAsync(assetUrl)).StatusCode);
    }

    [Fact]
    public async Task Each_key_does_only_what_its_scopes_allow_and_a_tenant_admin_manages_only_its_own_keys()
    {
        var tenant = NewTenant("initech");
        using var reader = await Sut.ClientForTenantAsync(tenant, "read");
        using var writer = await Sut.ClientForTenantAsync(tenant, "write");
        using var admin = await Sut.ClientForTenantAsync(tenant, "admin");
        var video = await TestMedia.TestPatternAsync(Servers.Root, 160, 120, 10, 1);

        var readerGets = await reader.GetAsync("/api/assets");
        var readerUploads = await reader.PostAsync("/api/assets", Upload.Form(video));
        var readerKeys = await reader.GetAsync("/api/keys");
        var writerGets = await writer.GetAsync("/api/assets");
        var writerUploads = await writer.PostAsync("/api/assets", Upload.Form(video));
        var writerBackfills = await writer.PostAsync("/api/backfill", null);

        Assert.Equal(HttpStatusCode.OK, readerGets.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerUploads.StatusCode);
        Assert.Contains("'write' scope", (await readerUploads.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, readerKeys.StatusCode);
        Assert.Contains("'admin' scope", (await readerKeys.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, writerGets.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, writerUploads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writerBackfills.StatusCode);

        // The tenant's admin: creates keys in its tenant only, lists and revokes only its tenant's keys.
        var other = NewTenant("hooli");
        using var outsider = await Sut.ClientForTenantAsync(other, "read");
        var forOther = await admin.PostAsJsonAsync("/api/keys", new { name = "sneaky", tenant = other, scopes = new[] { "read" } });
        var own = await JsonAsync(await admin.PostAsJsonAsync("/api/keys", new { name = "ci", scopes = new[] { "read", "write" } }));
        var badScope = await admin.PostAsJsonAsync("/api/keys", new { name = "root", scopes = new[] { "superuser" } });
        var listed = await JsonAsync(await admin.GetAsync("/api/keys"));
        var operatorKeys = await JsonAsync(await Sut.Client.GetAsync("/api/keys"));
        var outsiderKeyId = operatorKeys.EnumerateArray().Single(k => k.GetProperty("tenant").GetString() == other).GetProperty("id").GetGuid();
        var revokeOutsider = await admin.DeleteAsync($"/api/keys/{outsiderKeyId}");

        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Equal(tenant, own.GetProperty("tenant").GetString());
        Assert.Equal(["read", "write"], own.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        Assert.Equal(4, listed.GetArrayLength());
        Assert.All(listed.EnumerateArray(), k => Assert.Equal(tenant, k.GetProperty("tenant").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, revokeOutsider.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await outsider.GetAsync("/api/assets")).StatusCode);
    }

    private static Guid Id(JsonElement asset) => asset.GetProperty("id").GetGuid();
}
