using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaAspire.Tests.Pipeline;

/// <summary>The worker's job-control pieces on their own: retry policy and progress throttling.</summary>
public sealed class JobControlTests
{
    private static StorageRetry Retry() => new(NullLogger<StorageRetry>.Instance, maxAttempts: 3, firstDelay: TimeSpan.FromMilliseconds(1));

    [Fact]
    public async Task A_transient_storage_error_is_retried_until_it_passes()
    {
        var calls = 0;

        var result = await Retry().ExecuteAsync(_ => ++calls < 3 ? throw new IOException("connection reset") : ValueTask.FromResult(calls), CancellationToken.None);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task Retrying_is_bounded()
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
    public async Task Progress_is_written_once_per_interval_but_every_stage_change_is_written()
    {
        var written = new List<(string Stage, float Progress)>();
        var throttle = new ProgressThrottle((stage, progress) => { written.Add((stage, progress)); return Task.CompletedTask; }, TimeSpan.FromHours(1));

        for (var i = 0; i < 10; i++) await throttle.ReportAsync("encoding", i / 10f);
        await throttle.ReportAsync("storing", 0.95f);
        await throttle.ReportAsync("storing", 0.99f);

        Assert.Equal([("encoding", 0f), ("storing", 0.95f)], written);
    }
}
