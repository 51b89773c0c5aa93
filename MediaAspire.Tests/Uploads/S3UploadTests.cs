using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Uploads;

/// <summary>The API with S3 storage (a real s3rver): resumable parts in the bucket, the source served by presigned redirect.</summary>
[Collection(ServersCollection.Name)]
public sealed class S3UploadTests(ServersFixture servers, S3rverFixture s3) : ApiTest(servers), IClassFixture<S3rverFixture>
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["ConnectionStrings:storage"] = s3.Server.ConnectionString("api-uploads") };

    [Fact]
    public async Task A_resumable_upload_to_S3_is_served_by_a_presigned_redirect_that_honours_Range_and_deletes_cleanly()
    {
        var video = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(Servers.Root, 320, 240, fps: 10, seconds: 1));
        var id = (await Api.InitiateAsync(video)).GetProperty("id").GetGuid();
        var half = video.Length / 2;
        await Api.PutPartAsync(id, 2, video[half..]);
        await Api.PutPartAsync(id, 1, video[..half]);
        var completed = await Api.CompleteAsync(id);
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var assetId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid();

        var source = await Api.Client.GetAsync($"/api/assets/{assetId}/source");
        using var http = new HttpClient();
        using var ranged = new HttpRequestMessage(HttpMethod.Get, source.Headers.Location) { Headers = { Range = new RangeHeaderValue(10, 509) } };
        var part = await http.SendAsync(ranged);

        Assert.Equal(HttpStatusCode.Redirect, source.StatusCode);
        Assert.Equal(s3.Server.Port, source.Headers.Location!.Port);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(video[10..510], await part.Content.ReadAsByteArrayAsync());
        // The parts are gone once joined: nothing is left under the upload's prefix.
        Assert.Equal(0, await Api.Store.DeletePrefixAsync($"uploads/{id:N}/", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NoContent, (await Api.Client.DeleteAsync($"/api/assets/{assetId}")).StatusCode);
        Assert.Null(await Api.Store.StatAsync($"assets/{assetId:N}/source", CancellationToken.None));
    }

    [Fact]
    public async Task A_source_gone_from_the_bucket_is_a_404_not_a_redirect_to_nothing()
    {
        var video = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(Servers.Root, 320, 240, fps: 10, seconds: 1));
        var accepted = await (await Api.UploadSmallAsync(video, "gone.mp4")).Content.ReadFromJsonAsync<JsonElement>();
        var assetId = accepted.GetProperty("asset_id").GetGuid();
        await Api.Store.DeleteAsync($"assets/{assetId:N}/source", CancellationToken.None);

        var source = await Api.Client.GetAsync($"/api/assets/{assetId}/source");

        Assert.Equal(HttpStatusCode.NotFound, source.StatusCode);
        Assert.Equal($"Asset {assetId} exists but its stored file is gone.", await ApiHost.DetailAsync(source));
    }
}
