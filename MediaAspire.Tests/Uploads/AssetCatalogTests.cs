using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;
using Npgsql;

namespace MediaAspire.Tests.Uploads;

/// <summary>Listing, deleting and downloading assets with the filesystem store.</summary>
[Collection(ServersCollection.Name)]
public sealed class AssetCatalogTests(ServersFixture servers) : ApiTest(servers)
{
    private async Task<(Guid Id, byte[] Bytes)> UploadAsync(string filename = "clip.mp4")
    {
        var bytes = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, fps: 5, seconds: 0.5));
        var response = await Api.UploadSmallAsync(bytes, filename);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid(), bytes);
    }

    [Fact]
    public async Task Listing_pages_newest_first_and_filters_by_status()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await UploadAsync()).Id);
        // Two of ours fail; paging through the failed ones must give exactly those, newest first, among any others.
        await using (var dataSource = NpgsqlDataSource.Create(Servers.DatabaseConnectionString))
        await using (var fail = dataSource.CreateCommand("UPDATE assets SET status = 'failed', error = 'test' WHERE id = ANY(@ids)"))
        {
            fail.Parameters.AddWithValue("ids", new[] { ids[0], ids[2] });
            await fail.ExecuteNonQueryAsync();
        }

        var seen = new List<Guid>();
        var pages = 0;
        for (string? cursor = null; ; pages++)
        {
            var page = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/assets?status=failed&limit=1{(cursor is null ? "" : $"&cursor={cursor}")}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 1);
            Assert.All(items, item => Assert.Equal("failed", item.GetProperty("status").GetString()));
            seen.AddRange(items.Select(item => item.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next_cursor").GetString();
            if (cursor is null) break;
        }

        Assert.Equal([ids[2], ids[0]], seen.Where(ids.Contains));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(pages >= 1);
        var all = await Api.Client.GetFromJsonAsync<JsonElement>("/api/assets?limit=200");
        Assert.Contains(ids[1], all.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Client.GetAsync("/api/assets?status=sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Client.GetAsync("/api/assets?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Listing_filters_by_a_part_of_the_name_kind_verdict_and_date_in_the_query_itself()
    {
        var token = Guid.NewGuid().ToString("N")[..10];
        Guid[] ids = [(await UploadAsync($"{token}-Beach_100%.mp4")).Id, (await UploadAsync($"{token}-city.mp4")).Id, (await UploadAsync($"{token}-beach-clip.mp4")).Id];
        // A verdict each for the first two (explicit, not), the third a clip, the second made ten days ago.
        await using (var dataSource = NpgsqlDataSource.Create(Servers.DatabaseConnectionString))
        await using (var shape = dataSource.CreateCommand("""
            INSERT INTO verdicts (asset_id, model, is_explicit, explicit_score, quality_score, classification)
            VALUES (@first, @model, true, 0.9, 0.5, '{}'), (@second, @model, false, 0.1, 0.5, '{}');
            UPDATE assets SET kind = 'clip' WHERE id = @third;
            UPDATE assets SET created_at = now() - interval '10 days' WHERE id = @second;
            """))
        {
            shape.Parameters.AddWithValue("first", ids[0]);
            shape.Parameters.AddWithValue("second", ids[1]);
            shape.Parameters.AddWithValue("third", ids[2]);
            shape.Parameters.AddWithValue("model", MediaAspire.Platform.Verdicts.ClassifierModel.Current);
            await shape.ExecuteNonQueryAsync();
        }
        async Task<Guid[]> Ours(string query) =>
            (await Api.Client.GetFromJsonAsync<JsonElement>($"/api/assets?limit=200&{query}")).GetProperty("items").EnumerateArray()
                .Select(item => item.GetProperty("id").GetGuid()).Where(ids.Contains).ToArray();
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");

        Assert.Equal([ids[2], ids[0]], await Ours($"q={token}-BEACH"));
        // % and _ are the name's own characters, not wildcards.
        Assert.Equal([ids[0]], await Ours($"q={Uri.EscapeDataString("_100%")}&kind=source"));
        Assert.Empty(await Ours($"q={token}-b_ach"));
        Assert.Equal([ids[2]], await Ours($"q={token}&kind=clip"));
        Assert.Equal([ids[0]], await Ours($"q={token}&explicit=true"));
        Assert.Equal([ids[1]], await Ours($"q={token}&explicit=false"));
        Assert.Equal([ids[2], ids[0]], await Ours($"q={token}&since={yesterday}"));
        // A page holds matching assets only, so paging a filter does not return short pages.
        var page = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/assets?q={token}&limit=1");
        Assert.Equal(ids[2], page.GetProperty("items")[0].GetProperty("id").GetGuid());
        var next = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/assets?q={token}&limit=1&cursor={page.GetProperty("next_cursor").GetString()}");
        Assert.Equal(ids[1], next.GetProperty("items")[0].GetProperty("id").GetGuid());
        foreach (var (query, title) in new[] { ("kind=movie", "Unknown kind"), ("explicit=maybe", "Invalid explicit"), ("since=yesterday", "Invalid since") })
        {
            var refused = await Api.Client.GetAsync($"/api/assets?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(title, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task Deleting_an_asset_removes_its_rows_and_every_object_under_its_prefix()
    {
        var (id, _) = await UploadAsync();
        // Something a later stage would have written beside the source.
        await Api.Store.PutAsync($"assets/{id:N}/renditions/360p.mp4", new MemoryStream([1, 2, 3]), CancellationToken.None);
        var directory = Path.Combine(Servers.Root, "objects", "assets", id.ToString("N"));
        Assert.Equal(2, Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Length);

        var deleted = await Api.Client.DeleteAsync($"/api/assets/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(Directory.Exists(directory));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/api/assets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.DeleteAsync($"/api/assets/{id}")).StatusCode);
        await using var dataSource = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        await using var jobs = dataSource.CreateCommand("SELECT count(*) FROM jobs WHERE asset_id = @id");
        jobs.Parameters.AddWithValue("id", id);
        Assert.Equal(0L, await jobs.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_source_downloads_whole_or_as_a_206_range_with_the_right_bytes()
    {
        var (id, bytes) = await UploadAsync();

        var whole = await Api.Client.GetAsync($"/api/assets/{id}/source");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/assets/{id}/source") { Headers = { Range = new RangeHeaderValue(100, 1099) } };
        var part = await Api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[100..1100], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100-1099/{bytes.Length}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/api/assets/{Guid.NewGuid()}/source")).StatusCode);
    }
}
