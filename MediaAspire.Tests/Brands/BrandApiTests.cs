using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;

namespace MediaAspire.Tests.Brands;

/// <summary>End to end: brands and logos through the API, a brands job on an uploaded video, and tenants kept apart.</summary>
[Collection(ServersCollection.Name)]
public sealed class BrandApiTests(ServersFixture servers) : SystemTest(servers)
{
    private static string NewTenant(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<Guid> CreateBrandAsync(HttpClient client, string name, params string[] logos)
    {
        var brand = await JsonAsync(await client.PostAsJsonAsync("/api/brands", new { name, aliases = new[] { name.ToUpperInvariant() }, min_score = 0.5 }),
            HttpStatusCode.Created);
        var id = brand.GetProperty("id").GetGuid();
        foreach (var logo in logos)
        {
            using var form = Upload.Form(logo);
            var added = await JsonAsync(await client.PostAsync($"/api/brands/{id}/logos", form), HttpStatusCode.Created);
            Assert.True(added.GetProperty("keypoints").GetInt32() >= 16, $"logo {logo}: {added}");
        }
        return id;
    }

    [Fact]
    public async Task Brands_and_logos_are_validated_listed_deleted_and_kept_to_their_tenant()
    {
        using var a = await Sut.ClientForTenantAsync(NewTenant("acme"));
        using var b = await Sut.ClientForTenantAsync(NewTenant("globex"));
        using var readOnly = await Sut.ClientForTenantAsync(NewTenant("viewer"), "read");
        var dir = Directory.CreateTempSubdirectory("brand-api-").FullName;
        var logo = BrandVideo.MakeLogo(dir, "coffee.png", new Rect(100, 40, 400, 300), "KAFFA");

        var created = await JsonAsync(await a.PostAsJsonAsync("/api/brands", new { name = "Kaffa", aliases = new[] { "Kaffa Roasters" }, min_score = 0.6 }),
            HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(("Kaffa", 0.6, "Kaffa Roasters"), (created.GetProperty("name").GetString(), created.GetProperty("min_score").GetDouble(),
            created.GetProperty("aliases")[0].GetString()));
        using (var form = Upload.Form(logo))
        {
            var added = await JsonAsync(await a.PostAsync($"/api/brands/{id}/logos", form), HttpStatusCode.Created);
            Assert.True(added.GetProperty("has_alpha").GetBoolean());
            Assert.Equal(320, added.GetProperty("width").GetInt32());
        }
        var fetched = await a.GetFromJsonAsync<JsonElement>($"/api/brands/{id}", PlatformJson.Options);
        Assert.Equal(1, fetched.GetProperty("logos").GetArrayLength());
        Assert.Contains((await a.GetFromJsonAsync<JsonElement>("/api/brands")).EnumerateArray(), x => x.GetProperty("id").GetGuid() == id);

        // Bad requests, each with the reason.
        await AssertProblemAsync(await a.PostAsJsonAsync("/api/brands", new { name = "kaffa" }), HttpStatusCode.Conflict, "already has a brand");
        await AssertProblemAsync(await a.PostAsJsonAsync("/api/brands", new { name = " " }), HttpStatusCode.BadRequest, "'name'");
        await AssertProblemAsync(await a.PostAsJsonAsync("/api/brands", new { name = "X", min_score = 1.5 }), HttpStatusCode.BadRequest, "min_score");
        using (var text = Upload.Form("not an image at all, just text"u8.ToArray(), "logo.png"))
            await AssertProblemAsync(await a.PostAsync($"/api/brands/{id}/logos", text), HttpStatusCode.UnsupportedMediaType, "not a PNG or JPEG image");
        var truncated = File.ReadAllBytes(logo)[..200];
        using (var damaged = Upload.Form(truncated, "damaged.png"))
            await AssertProblemAsync(await a.PostAsync($"/api/brands/{id}/logos", damaged), HttpStatusCode.BadRequest, "could not be decoded");
        Cv2.ImEncode(".png", new Mat(8, 8, MatType.CV_8UC3, OpenCvSharp.Scalar.All(128)), out var tiny);
        using (var small = Upload.Form(tiny, "tiny.png"))
            await AssertProblemAsync(await a.PostAsync($"/api/brands/{id}/logos", small), HttpStatusCode.BadRequest, "at least 16 px");
        Cv2.ImEncode(".png", new Mat(200, 300, MatType.CV_8UC3, OpenCvSharp.Scalar.All(128)), out var flat);
        using (var plain = Upload.Form(flat, "flat.png"))
            await AssertProblemAsync(await a.PostAsync($"/api/brands/{id}/logos", plain), HttpStatusCode.BadRequest, "distinctive points");
        // The worker's logo job decoded those files (the API does not): none of them is kept, refused or added.
        var waiting = Path.Combine(Servers.Root, "objects", "brands", id.ToString("N"), "uploads");
        Assert.Empty(Directory.Exists(waiting) ? Directory.GetFiles(waiting) : []);
        Assert.Equal(1, (await a.GetFromJsonAsync<JsonElement>($"/api/brands/{id}")).GetProperty("logos").GetArrayLength());

        // Another tenant: 404 on every route, and not listed.
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/brands/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.DeleteAsync($"/api/brands/{id}")).StatusCode);
        using (var form = Upload.Form(logo))
            Assert.Equal(HttpStatusCode.NotFound, (await b.PostAsync($"/api/brands/{id}/logos", form)).StatusCode);
        Assert.DoesNotContain((await b.GetFromJsonAsync<JsonElement>("/api/brands")).EnumerateArray(), x => x.GetProperty("id").GetGuid() == id);
        // B may have its own brand of the same name.
        await JsonAsync(await b.PostAsJsonAsync("/api/brands", new { name = "Kaffa" }), HttpStatusCode.Created);
        // Read scope reads, but may not create.
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/brands")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostAsJsonAsync("/api/brands", new { name = "Nope" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/brands/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/brands/{id}")).StatusCode);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_brands_job_finds_the_tenants_logos_in_an_uploaded_video_and_another_tenant_sees_nothing()
    {
        using var a = await Sut.ClientForTenantAsync(NewTenant("acme"));
        using var b = await Sut.ClientForTenantAsync(NewTenant("globex"));
        var dir = Directory.CreateTempSubdirectory("brand-job-").FullName;
        var scene = await BrandScene.MakeAsync(dir);
        var kaffa = await CreateBrandAsync(a, "Kaffa", scene.Kaffa);
        await CreateBrandAsync(a, "Orbita", scene.Orbita);
        await CreateBrandAsync(a, "Astro", scene.Astro);
        await CreateBrandAsync(a, BrandScene.TextBrand);
        // B registers the logo A does not: A's job must not report it.
        await CreateBrandAsync(b, "Felix", scene.Felix);

        var uploaded = await Upload.AcceptedAsync(a, scene.Video);
        var assetId = uploaded.GetProperty("asset_id").GetGuid();
        await JobWaiter.UntilAsync(a, uploaded.GetProperty("job_id").GetGuid(), j => j.GetProperty("state").GetString() == "completed", "to probe");

        Assert.Equal(HttpStatusCode.NotFound, (await b.PostAsJsonAsync($"/api/assets/{assetId}/brands", new { fps = 2 })).StatusCode);
        await AssertProblemAsync(await a.PostAsJsonAsync($"/api/assets/{assetId}/brands", new { fps = 0 }), HttpStatusCode.BadRequest, "fps");
        var accepted = await JsonAsync(await a.PostAsJsonAsync($"/api/assets/{assetId}/brands", new { fps = 2 }), HttpStatusCode.Accepted);
        var job = await JobWaiter.FinishedAsync(a, accepted.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(480));
        Assert.True(job.GetProperty("state").GetString() == "completed", job.ToString());

        var result = await a.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/brands", PlatformJson.Options);
        var appearances = result.GetProperty("appearances").EnumerateArray().ToList();
        foreach (var (name, shows) in BrandScene.Expected)
        {
            var found = appearances.Where(x => x.GetProperty("brand").GetString() == name && x.GetProperty("source").GetString() == "logo").ToList();
            Assert.True(found.Count == shows.Length, $"{name}: {result}");
            foreach (var ((from, to), appearance) in shows.Zip(found))
            {
                Assert.InRange(appearance.GetProperty("start").GetDouble(), from - 0.75, from + 0.75);
                Assert.InRange(appearance.GetProperty("end").GetDouble(), to - 0.75, to + 0.75);
                Assert.Equal("logo", appearance.GetProperty("source").GetString());
                Assert.Equal(4, appearance.GetProperty("box").GetArrayLength());
            }
        }
        Assert.DoesNotContain(appearances, x => x.GetProperty("brand").GetString() == "Felix");
        Assert.Contains(result.GetProperty("exposure").EnumerateArray(), e => e.GetProperty("brand").GetString() == "Kaffa" && e.GetProperty("seconds").GetDouble() > 7);
        // The brand shown only as text, found by its name in the text read, which is listed with its times.
        var text = Assert.Single(appearances, x => x.GetProperty("brand").GetString() == BrandScene.TextBrand);
        Assert.Equal("text", text.GetProperty("source").GetString());
        Assert.InRange(text.GetProperty("start").GetDouble(), BrandScene.TextShown.From - 0.75, BrandScene.TextShown.From + 0.75);
        Assert.Contains(result.GetProperty("text").EnumerateArray(), l => BrandScene.ReadAs(l.GetProperty("text").GetString()!)
            && l.GetProperty("t").GetDouble() is >= 8 and <= 12 && l.GetProperty("confidence").GetDouble() > 0.5);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/assets/{assetId}/brands")).StatusCode);

        // Deleting a brand takes its appearances with it.
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/brands/{kaffa}")).StatusCode);
        var after = await a.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/brands", PlatformJson.Options);
        Assert.DoesNotContain(after.GetProperty("appearances").EnumerateArray(), x => x.GetProperty("brand").GetString() == "Kaffa");
        Assert.Equal(2, after.GetProperty("appearances").EnumerateArray().Count(x => x.GetProperty("source").GetString() == "logo")); // Orbita and Astro
        Directory.Delete(dir, recursive: true);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains(detail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
