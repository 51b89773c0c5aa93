using System.Net;
using System.Net.Sockets;
using MediaAspire.Hosting.LocalServices;
using MediaAspire.Tests.Infrastructure.Servers;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Storage;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Minio.DataModel.Result;
using Minio.Exceptions;
using ObjectNotFoundException = MediaAspire.Platform.Storage.ObjectNotFoundException;

namespace MediaAspire.Tests.Storage;

/// <summary>The worker's storage retry policy: what it retries, how often, and against a real s3rver that is down or refuses.</summary>
public sealed class StorageRetryTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static StorageRetry Retry() => new(NullLogger<StorageRetry>.Instance, maxRetries: 3, firstDelay: TimeSpan.FromMilliseconds(1));

    [Fact]
    public async Task A_transient_storage_error_is_retried_until_it_passes()
    {
        var calls = 0;

        var result = await Retry().ExecuteAsync(_ => ++calls < 3 ? throw new IOException("connection reset") : ValueTask.FromResult(calls), CancellationToken.None);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task Retrying_is_bounded_by_max_retries_after_the_first_attempt()
    {
        var calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(async () =>
            await Retry().ExecuteAsync<int>(_ => { calls++; throw new TimeoutException("storage timed out"); }, CancellationToken.None));

        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task A_missing_object_is_final_and_not_retried()
    {
        var calls = 0;

        await Assert.ThrowsAsync<ObjectNotFoundException>(async () =>
            await Retry().ExecuteAsync<int>(_ => { calls++; throw new ObjectNotFoundException("assets/x/source"); }, CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Network_io_timeouts_408_429_5xx_and_the_Minio_SDKs_connection_and_server_errors_are_transient_the_rest_is_not()
    {
        var cases = new (string Name, Exception Error, bool Transient)[]
        {
            ("IOException", new IOException("reset"), true),
            ("SocketException", new SocketException((int)SocketError.ConnectionRefused), true),
            ("TimeoutException", new TimeoutException(), true),
            ("HttpClient timeout", new TaskCanceledException("timeout", new TimeoutException()), true),
            ("HTTP, no answer", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), true),
            ("HTTP 408", Http(HttpStatusCode.RequestTimeout), true),
            ("HTTP 429", Http(HttpStatusCode.TooManyRequests), true),
            ("HTTP 500", Http(HttpStatusCode.InternalServerError), true),
            ("HTTP 503", Http(HttpStatusCode.ServiceUnavailable), true),
            ("HTTP 400", Http(HttpStatusCode.BadRequest), false),
            ("HTTP 403", Http(HttpStatusCode.Forbidden), false),
            ("HTTP 404", Http(HttpStatusCode.NotFound), false),
            ("Minio ConnectionException", new ConnectionException("Connection error"), true),
            ("Minio InternalServerException", new InternalServerException("internal"), true),
            ("Minio error with a 503 answer", new MinioException("busy", Response(HttpStatusCode.ServiceUnavailable)), true),
            ("Minio error with a 403 answer", new AccessDeniedException("denied", Response(HttpStatusCode.Forbidden)), false),
            ("Minio AccessDeniedException", new AccessDeniedException("Access denied on the resource"), false),
            ("Minio AuthorizationException", new AuthorizationException("resource", "bucket", "signature does not match"), false),
            ("Minio UnexpectedMinioException without a code", new UnexpectedMinioException("odd"), false),
            ("object not found", new ObjectNotFoundException("a/b"), false),
            ("file not found", new FileNotFoundException(), false),
            ("cancelled", new OperationCanceledException(), false),
            ("bad key", new ArgumentException("key"), false),
            ("a bug", new InvalidOperationException(), false),
        };

        Assert.Equal(cases.Select(c => (c.Name, c.Transient)), cases.Select(c => (c.Name, StorageRetry.IsTransient(c.Error))));
    }

    [Fact]
    public async Task An_S3_store_that_is_not_up_yet_is_retried_and_the_call_succeeds_once_it_answers()
    {
        var port = HostPrograms.FreePort();
        var data = Directory.CreateTempSubdirectory("mediaaspire-s3rver-late-").FullName;
        using var store = (S3ObjectStore)StorageExtensions.Create(
            $"Endpoint=http://127.0.0.1:{port};AccessKey={S3rverServer.Credentials};SecretKey={S3rverServer.Credentials};Bucket=late",
            NullLoggerFactory.Instance);
        S3rverServer? server = null;
        var attempts = 0;
        var bytes = "stored once the server is up"u8.ToArray();
        try
        {
            var stored = await Retry().ExecuteAsync(async ct =>
            {
                // The first attempt finds nobody listening; the server comes up before the second.
                if (++attempts == 2) server = await S3rverServer.StartAsync(RepositoryRoot.Path, data, port, ct);
                return await store.PutAsync("retry/a", new MemoryStream(bytes), ct);
            }, CancellationToken.None);

            Assert.Equal((2, (long)bytes.Length), (attempts, stored));
            await using var read = await store.OpenReadAsync("retry/a", CancellationToken.None);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
        finally
        {
            if (server is not null) await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Wrong_credentials_against_a_real_S3_server_are_refused_once_and_not_retried()
    {
        using var store = (S3ObjectStore)StorageExtensions.Create(
            $"Endpoint={s3.Server.Endpoint};AccessKey=WRONG;SecretKey=WRONGWRONG;Bucket=refused", NullLoggerFactory.Instance);
        var attempts = 0;

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await Retry().ExecuteAsync(async ct =>
        {
            attempts++;
            return await store.PutAsync("retry/refused", new MemoryStream([1, 2, 3]), ct);
        }, CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.False(StorageRetry.IsTransient(error), $"{error.GetType().Name}: {error.Message}");
    }

    private static HttpRequestException Http(HttpStatusCode status) => new($"answered {(int)status}", null, status);

    private static ResponseResult Response(HttpStatusCode status) =>
        new(new HttpRequestMessage(HttpMethod.Get, "http://s3.example/bucket/key"), new HttpResponseMessage(status));
}
