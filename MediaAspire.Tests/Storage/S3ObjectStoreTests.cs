using System.Net;
using System.Net.Http.Headers;
using MediaAspire.Platform.Storage;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaAspire.Tests.Storage;

/// <summary>The same contract through the Minio SDK against a real s3rver.</summary>
public sealed class S3ObjectStoreTests : ObjectStoreContract, IClassFixture<S3rverFixture>, IDisposable
{
    private readonly S3rverFixture _s3;
    private readonly S3ObjectStore _store;

    public S3ObjectStoreTests(S3rverFixture s3)
    {
        _s3 = s3;
        // A bucket that does not exist yet: the store creates it on first use.
        _store = (S3ObjectStore)StorageExtensions.Create(s3.Server.ConnectionString("contract"), NullLoggerFactory.Instance);
    }

    protected override IObjectStore Store => _store;

    [Fact]
    public async Task A_presigned_url_serves_a_Range_request_with_206_and_those_bytes()
    {
        var bytes = new byte[50_000];
        new Random(9).NextBytes(bytes);
        await _store.PutAsync("presign/a", new MemoryStream(bytes), CancellationToken.None);

        var url = await _store.GetReadUrlAsync("presign/a", TimeSpan.FromMinutes(5), "video/mp4", "attachment; filename=clip.mp4", CancellationToken.None);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(1000, 1999) } };
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(bytes[1000..2000], await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("X-Amz-Signature=", url!.Query);
        // Stored as octet-stream; the signed URL answers with the type and name it was asked for.
        Assert.Equal(("video/mp4", "attachment; filename=clip.mp4"),
            (response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentDisposition?.ToString()));
    }

    [Fact]
    public async Task No_url_is_handed_out_for_a_missing_object()
    {
        await Assert.ThrowsAsync<ObjectNotFoundException>(() =>
            _store.GetReadUrlAsync("presign/nothing", TimeSpan.FromMinutes(5), "video/mp4", null, CancellationToken.None));
    }

    [Fact]
    public async Task Urls_are_signed_for_the_public_endpoint_when_one_is_configured()
    {
        using var store = (S3ObjectStore)StorageExtensions.Create(
            _s3.Server.ConnectionString("contract") + ";PublicEndpoint=https://media.example.com", NullLoggerFactory.Instance);

        await _store.PutAsync("presign/public", new MemoryStream([1]), CancellationToken.None);

        var url = await store.GetReadUrlAsync("presign/public", TimeSpan.FromMinutes(5), "image/jpeg", null, CancellationToken.None);

        Assert.Equal(("https", "media.example.com"), (url!.Scheme, url.Host));
    }

    public void Dispose() => _store.Dispose();
}
