using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Queue;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// PostgreSQL is the truth about jobs, Redis only carries them. This re-queues every job that should be
/// moving but whose stream message is gone (Redis restarted without persistence, was flushed, or the
/// enqueue after the commit failed). A job queued twice is harmless: only one claim succeeds.
/// Each sweep also removes acknowledged messages an older worker left in the stream (<see cref="JobQueue.TrimAcknowledgedAsync"/>).
/// </summary>
public sealed class LostJobSweeper(JobRepository jobs, JobQueue queue, IOptions<WorkerOptions> options, ILogger<LostJobSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var requeued = await SweepAsync(stoppingToken);
                    if (requeued > 0) logger.LogWarning("Re-queued {Count} jobs that Redis had lost", requeued);
                    if (await queue.TrimAcknowledgedAsync() is var trimmed and > 0) logger.LogInformation("Removed {Count} acknowledged messages from the job stream", trimmed);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Sweep for lost jobs failed; will try again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var requeued = 0;
        foreach (var job in await jobs.FindStalledAsync(options.Value.SweepGrace, cancellationToken))
        {
            if (job.QueueMessageId is not null && await queue.ContainsAsync(job.QueueMessageId)) continue;
            var messageId = await queue.EnqueueAsync(job.Id, job.Kind);
            await jobs.MarkEnqueuedAsync(job.Id, messageId, cancellationToken);
            requeued++;
        }
        return requeued;
    }
}
