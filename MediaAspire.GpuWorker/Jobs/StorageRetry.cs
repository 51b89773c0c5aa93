using System.Net;
using System.Net.Sockets;
using Minio.Exceptions;
using Polly;
using Polly.Retry;
using ObjectNotFoundException = MediaAspire.Platform.Storage.ObjectNotFoundException;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// Retries object-storage calls that failed for reasons that pass (no connection, I/O, timeouts, a store
/// answering 408, 429 or 5xx): exponential backoff with jitter, a bounded number of times, so a blip does
/// not cost a whole job attempt. Anything else — a missing object, a refusal (wrong credentials, 403), a
/// cancel — is final and not retried.
/// </summary>
public sealed class StorageRetry
{
    // What S3 and MinIO put in an error body that means "try again"; the Minio SDK keeps only this code of a
    // 5xx answer it has no exception type for.
    private static readonly HashSet<string> TransientS3Codes = new(StringComparer.Ordinal)
    {
        "InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "XMinioServerNotInitialized",
    };

    private readonly ResiliencePipeline _pipeline;

    /// <param name="maxRetries">Retries after the first attempt.</param>
    public StorageRetry(ILogger<StorageRetry> logger, int maxRetries = 4, TimeSpan? firstDelay = null)
    {
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay ?? TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "Storage call failed (attempt {Attempt}); retrying in {Delay}",
                        args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> action, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(action, cancellationToken);

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> action, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(action, cancellationToken);

    internal static bool IsTransient(Exception e) => e switch
    {
        ObjectNotFoundException or ArgumentException => false,
        // HttpClient's own request timeout surfaces as a cancellation carrying a TimeoutException.
        OperationCanceledException { InnerException: TimeoutException } => true,
        OperationCanceledException => false,
        HttpRequestException { StatusCode: { } status } => IsTransient(status),
        // No answer at all: refused, reset, name not resolved.
        HttpRequestException => true,
        ConnectionException or InternalServerException => true,
        UnexpectedMinioException { Response.Code: { } code } => TransientS3Codes.Contains(code),
        MinioException { ServerResponse: { StatusCode: var status and not 0 } } => IsTransient(status),
        MinioException => false,
        FileNotFoundException or DirectoryNotFoundException => false,
        IOException or TimeoutException or SocketException => true,
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
