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
    private async Task<(Guid Id, byte[] Bytes)> UploadAsync()
    {
        var bytes = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, fps: 5, seconds: 0.5));
        var response = await Api.UploadSmallAsync(bytes, "clip.mp4");
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
