using MediaAspire.Platform.Storage;
using Polly;
using Polly.Retry;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// Retries object-storage calls that failed for reasons that pass (network, I/O, timeouts): exponential
/// backoff with jitter, a bounded number of times, so a blip does not cost a whole job attempt. A missing
/// object or a cancel is final and not retried.
/// </summary>
public sealed class StorageRetry
{
    private readonly ResiliencePipeline _pipeline;

    public StorageRetry(ILogger<StorageRetry> logger, int maxAttempts = 4, TimeSpan? firstDelay = null)
    {
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = maxAttempts,
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
        ObjectNotFoundException or OperationCanceledException or ArgumentException => false,
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => false,
        IOException or HttpRequestException or TimeoutException or System.Net.Sockets.SocketException => true,
        _ => false,
    };
}
