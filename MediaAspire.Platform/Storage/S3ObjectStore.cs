using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Minio;
using Minio.DataModel.Args;

namespace MediaAspire.Platform.Storage;

/// <summary>
/// Objects in an S3 bucket through the Minio SDK. Register it once (singleton): it owns one client per
/// endpoint — the internal one for data, the public one only to sign URLs handed to users.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    // How long the URLs we sign for our own reads live; they are used at once.
    private static readonly TimeSpan InternalUrlLifetime = TimeSpan.FromMinutes(15);

    private readonly S3StorageSettings _settings;
    private readonly HttpClient _http;
    private readonly IMinioClient _client;
    private readonly IMinioClient _publicClient;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private volatile bool _bucketReady;

    public S3ObjectStore(S3StorageSettings settings, ILogger<S3ObjectStore> logger)
    {
        _settings = settings;
        _logger = logger;
        // Our own client, not one from IHttpClientFactory: the standard resilience handler's 10 s attempt
        // timeout would cut 16 MiB part uploads on a slow link. One generous ceiling per request instead.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        _client = Build(settings.Endpoint);
        _publicClient = settings.PublicEndpoint == settings.Endpoint ? _client : Build(settings.PublicEndpoint);
    }

    public async Task<long> PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        await EnsureBucketAsync(cancellationToken);
        try
        {
            // Unknown size (-1): the SDK uploads 16 MiB parts one at a time, so memory stays flat for any length.
            // A known small size goes up in one PUT instead of a multipart upload.
            var size = content.CanSeek ? content.Length - content.Position : -1;
            await _client.PutObjectAsync(new PutObjectArgs()
                .WithBucket(_settings.Bucket).WithObject(key)
                .WithStreamData(content).WithObjectSize(size)
                .WithContentType("application/octet-stream"), cancellationToken);
        }
        catch
        {
            // The SDK leaves a failed multipart upload behind; its parts would be billed forever.
            await AbortIncompleteUploadAsync(key);
            throw;
        }
        return (await StatAsync(key, cancellationToken))?.SizeBytes
            ?? throw new InvalidOperationException($"S3 accepted '{key}' but does not list it.");
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => GetAsync(key, null, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(range);
        return GetAsync(key, range, cancellationToken);
    }

    public async Task DownloadToFileAsync(string key, string destinationPath, CancellationToken cancellationToken)
    {
        await using var source = await OpenReadAsync(key, cancellationToken);
        await using var destination = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await source.CopyToAsync(destination, 1 << 16, cancellationToken);
    }

    public async Task<ObjectStat?> StatAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        await EnsureBucketAsync(cancellationToken);
        try
        {
            var stat = await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_settings.Bucket).WithObject(key), cancellationToken);
            return new ObjectStat(key, stat.Size);
        }
        catch (Minio.Exceptions.ObjectNotFoundException)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        await EnsureBucketAsync(cancellationToken);
        await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_settings.Bucket).WithObject(key), cancellationToken);
    }

    /// <summary>Nothing to do here: a put is one request or a multipart upload, and S3 shows neither until it completes. An
    /// abandoned multipart upload's parts are the bucket's to expire (its lifecycle rule <c>AbortIncompleteMultipartUpload</c>).</summary>
    public Task<int> DeleteAbandonedWritesAsync(TimeSpan olderThan, CancellationToken cancellationToken) => Task.FromResult(0);

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        ObjectKeys.ValidatePrefix(prefix);
        await EnsureBucketAsync(cancellationToken);
        var keys = new List<string>();
        await foreach (var item in _client.ListObjectsEnumAsync(
                           new ListObjectsArgs().WithBucket(_settings.Bucket).WithPrefix(prefix).WithRecursive(true), cancellationToken))
        {
            keys.Add(item.Key);
        }
        // One DELETE per object: multi-object delete is not implemented the same way by every S3 look-alike.
        foreach (var key in keys)
            await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_settings.Bucket).WithObject(key), cancellationToken);
        return keys.Count;
    }

    public async Task<Uri?> GetReadUrlAsync(string key, TimeSpan lifetime, string contentType, string? contentDisposition, CancellationToken cancellationToken)
    {
        // A URL to nothing would send the client to the store's own error page: refuse here, where the caller can answer 404.
        if (await StatAsync(key, cancellationToken) is null) throw new ObjectNotFoundException(key);
        // Objects are stored as application/octet-stream; S3 answers a signed GET with the headers named in its query.
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal) { ["response-content-type"] = contentType };
        if (contentDisposition is not null) overrides["response-content-disposition"] = contentDisposition;
        // Signed with the public client: an S3 signature covers the host the browser will send.
        return await PresignAsync(_publicClient, key, lifetime, overrides);
    }

    public void Dispose()
    {
        _client.Dispose();
        if (!ReferenceEquals(_publicClient, _client)) _publicClient.Dispose();
        _http.Dispose();
        _bucketGate.Dispose();
    }

    /// <summary>
    /// Reads through a presigned GET rather than the SDK's GetObject: the SDK's ranged read sends its
    /// preliminary HEAD with the Range header and fails on stores that answer that HEAD with 206.
    /// </summary>
    private async Task<Stream> GetAsync(string key, ByteRange? range, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        await EnsureBucketAsync(cancellationToken);
        var url = await PresignAsync(_client, key, InternalUrlLifetime);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (range is { } r) request.Headers.Range = new RangeHeaderValue(r.Offset, r.Last);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound:
                response.Dispose();
                throw new ObjectNotFoundException(key);
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                // The range starts past the end: like reading a file there, nothing comes back.
                response.Dispose();
                return Stream.Null;
            default:
                if (!response.IsSuccessStatusCode)
                {
                    var status = response.StatusCode;
                    response.Dispose();
                    throw new HttpRequestException($"S3 GET '{key}' answered {(int)status}.", null, status);
                }
                return await response.Content.ReadAsStreamAsync(cancellationToken);
        }
    }

    private async Task<Uri> PresignAsync(IMinioClient client, string key, TimeSpan lifetime, Dictionary<string, string>? responseHeaders = null)
    {
        var seconds = (int)Math.Clamp(lifetime.TotalSeconds, 1, TimeSpan.FromDays(7).TotalSeconds);
        var args = new PresignedGetObjectArgs().WithBucket(_settings.Bucket).WithObject(key).WithExpiry(seconds);
        if (responseHeaders is not null) args = args.WithHeaders(responseHeaders);
        return new Uri(await client.PresignedGetObjectAsync(args));
    }

    private async Task AbortIncompleteUploadAsync(string key)
    {
        try
        {
            await _client.RemoveIncompleteUploadAsync(
                new RemoveIncompleteUploadArgs().WithBucket(_settings.Bucket).WithObject(key), CancellationToken.None);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not abort the failed multipart upload of {Key}; a bucket lifecycle rule must collect it", key);
        }
    }

    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady) return;
        await _bucketGate.WaitAsync(cancellationToken);
        try
        {
            if (_bucketReady) return;
            var args = new BucketExistsArgs().WithBucket(_settings.Bucket);
            if (!await _client.BucketExistsAsync(args, cancellationToken))
                await _client.MakeBucketAsync(new MakeBucketArgs().WithBucket(_settings.Bucket), cancellationToken);
            _bucketReady = true;
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    private IMinioClient Build(Uri endpoint) => new MinioClient()
        .WithEndpoint(endpoint.Host, endpoint.Port)
        .WithSSL(endpoint.Scheme == Uri.UriSchemeHttps)
        .WithCredentials(_settings.AccessKey, _settings.SecretKey)
        // A fixed region: presigning then never asks the (possibly unreachable) public endpoint for one.
        .WithRegion(_settings.Region)
        .WithHttpClient(_http)
        .Build();
}
