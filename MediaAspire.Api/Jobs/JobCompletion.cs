using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Tenancy;

namespace MediaAspire.Api.Jobs;

/// <summary>
/// Waits for a job to end by reading PostgreSQL, the truth every worker writes, so any API replica can wait on
/// any job. A short poll costs one indexed read; a sync request lasts seconds, so it needs no push channel.
/// </summary>
public sealed class JobCompletion(JobRepository jobs)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <returns>The job once finished; the still running job when <paramref name="timeout"/> passed first; null if it was deleted.</returns>
    public async Task<Job?> WaitAsync(Guid jobId, TenantScope tenant, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var job = await jobs.GetAsync(jobId, tenant, cancellationToken);
            if (job is null or { State: JobState.Completed or JobState.Failed or JobState.Cancelled } || DateTimeOffset.UtcNow >= deadline)
                return job;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
