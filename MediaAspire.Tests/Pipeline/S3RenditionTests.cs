using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Api.Assets;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Storage;
using MediaAspire.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MediaAspire.Tests.Pipeline;

/// <summary>The pipeline with S3 storage (a real s3rver) for the API and the worker: renditions served by presigned redirect, deleted with the asset.</summary>
[Collection(ServersCollection.Name)]
public sealed class S3RenditionTests(ServersFixture servers, S3rverFixture s3) : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private SystemUnderTest _sut = null!;

    public Task InitializeAsync()
    {
        var storage = new Dictionary<string, string?> { ["ConnectionStrings:storage"] = s3.Server.ConnectionString("pipeline") };
        _sut = SystemUnderTest.Start(servers, storage, new Dictionary<string, string?>(storage)
        {
            ["Renditions:HlsEnabled"] = "true",
            ["Renditions:HlsLadder"] = "360",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _sut.DisposeAsync();

    [Fact]
    public async Task Renditions_on_S3_redirect_to_presigned_urls_that_honour_Range_and_deleting_the_asset_removes_every_object()
    {
        var video = await TestMedia.TestPatternAsync(servers.Root, 640, 360, fps: 25, seconds: 2);
        var accepted = await _sut.UploadAsync(video);
        var assetId = accepted.GetProperty("asset_id").GetGuid();
        var assetUrl = accepted.GetProperty("asset_url").GetString()!;
        var job = await _sut.WaitForJobAsync(await _sut.WaitForRenditionsJobAsync(assetUrl));
        Assert.Equal("completed", job.GetProperty("state").GetString());
        var renditions = (await _sut.Client.GetFromJsonAsync<JsonElement>(assetUrl)).GetProperty("renditions").EnumerateArray()
            .ToDictionary(r => r.GetProperty("kind").GetString()!, r => r.GetProperty("url").GetString()!);
        using var api = _sut.Api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory<AssetIngestor>.AdminKey);
        using var direct = new HttpClient();

        // The proxy: a redirect to the store itself, which answers a Range request with 206 and the type the API would.
        var proxy = await api.GetAsync(renditions["proxy"]);
        Assert.Equal((HttpStatusCode.Redirect, s3.Server.Port), (proxy.StatusCode, proxy.Headers.Location!.Port));
        var whole = await direct.GetByteArrayAsync(proxy.Headers.Location);
        using var ranged = new HttpRequestMessage(HttpMethod.Get, proxy.Headers.Location) { Headers = { Range = new RangeHeaderValue(100, 1099) } };
        var part = await direct.SendAsync(ranged);
        Assert.Equal((HttpStatusCode.PartialContent, "video/mp4"), (part.StatusCode, part.Content.Headers.ContentType?.MediaType));
        Assert.Equal(whole[100..1100], await part.Content.ReadAsByteArrayAsync());
        var thumbnail = await direct.GetAsync((await api.GetAsync(renditions["thumbnail"])).Headers.Location);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);

        // HLS: playlists come from the API (their relative references resolve there), segments from the store.
        var variant = await api.GetStringAsync($"{assetUrl}/renditions/hls/360p/index.m3u8");
        var segment = await api.GetAsync($"{assetUrl}/renditions/hls/360p/{variant.Split('\n').First(l => l.EndsWith(".ts"))}");
        Assert.Equal((HttpStatusCode.Redirect, s3.Server.Port), (segment.StatusCode, segment.Headers.Location!.Port));
        var segmentBody = await direct.GetAsync(segment.Headers.Location);
        Assert.Equal((HttpStatusCode.OK, "video/mp2t"), (segmentBody.StatusCode, segmentBody.Content.Headers.ContentType?.MediaType));

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync(assetUrl)).StatusCode);

        // Nothing of the asset is left in the bucket: deleting its prefix again finds no object.
        var store = _sut.Api.Services.GetRequiredService<IObjectStore>();
        Assert.Equal(0, await store.DeletePrefixAsync(Asset.KeyPrefix(assetId), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(renditions["proxy"])).StatusCode);
    }
}
