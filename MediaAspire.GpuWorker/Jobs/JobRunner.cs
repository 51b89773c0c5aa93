using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Queue;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// Runs one queue delivery to the end: claims the job in PostgreSQL, keeps its lease and its message
/// alive while the handler works, commits the outcome, and only then acknowledges the message.
/// A crash anywhere before the commit leaves the message to be redelivered.
/// </summary>
public sealed class JobRunner(
    JobRepository jobs,
    JobQueue queue,
    IEnumerable<IJobHandler> handlers,
    IOptions<JobQueueOptions> queueOptions,
    ILogger<JobRunner> logger)
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);
    private TimeSpan Lease => queueOptions.Value.VisibilityTimeout;

    public async Task RunAsync(QueueDelivery delivery, string consumer, CancellationToken stoppingToken)
    {
        if (delivery.DeadLettered)
        {
            var last = (await jobs.GetAsync(delivery.JobId, stoppingToken))?.Error;
            await jobs.FailUnfinishedAsync(delivery.JobId,
                $"Gave up after {delivery.DeliveryCount - 1} attempts that did not finish" + (last is null ? "." : $"; last error: {last}"),
                stoppingToken);
            return;
        }
        if (!_handlers.TryGetValue(delivery.Kind, out var handler))
        {
            await jobs.FailUnfinishedAsync(delivery.JobId, $"This worker does not know how to run '{delivery.Kind}' jobs.", stoppingToken);
            await queue.AcknowledgeAsync(delivery);
            return;
        }

        var job = await jobs.TryClaimAsync(delivery.JobId, consumer, Lease, stoppingToken);
        if (job is null)
        {
            // Finished already, or a duplicate message of a job another worker holds: nothing to do.
            await queue.AcknowledgeAsync(delivery);
            return;
        }

        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = KeepAliveAsync(delivery, consumer, jobCancellation);
        try
        {
            var context = new JobContext(job, (stage, progress) =>
                jobs.ReportProgressAsync(job.Id, consumer, stage, progress, CancellationToken.None));
            var outcome = await handler.HandleAsync(context, jobCancellation.Token);
            var finished = await jobs.FinishAsync(job.Id, consumer, outcome.State, outcome.Error, outcome.Result, outcome.Persist, CancellationToken.None);
            if (!finished) logger.LogWarning("Job {JobId} was taken from this worker before it finished; its result is dropped", job.Id);
            await queue.AcknowledgeAsync(delivery);
            logger.LogInformation("Job {JobId} ({Kind}) {State}{Error}", job.Id, job.Kind, outcome.State, outcome.Error is null ? "" : $": {outcome.Error}");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await jobs.ReleaseForRetryAsync(job.Id, consumer, "The worker stopped before the job finished; it will be retried.", CancellationToken.None);
        }
        catch (Exception e)
        {
            // Transient by contract: leave the message unacknowledged so it is redelivered (up to MaxDeliveries).
            logger.LogWarning(e, "Job {JobId} ({Kind}) failed on attempt {Attempt}; it will be retried", job.Id, job.Kind, job.Attempts);
            await jobs.ReleaseForRetryAsync(job.Id, consumer, $"Attempt {job.Attempts} failed: {e.Message}", CancellationToken.None);
        }
        finally
        {
            await jobCancellation.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>Renews the job's lease and its message's idle time; cancels the job if another worker took it.</summary>
    private async Task KeepAliveAsync(QueueDelivery delivery, string consumer, CancellationTokenSource job)
    {
        var period = Lease / 3;
        try
        {
            while (!job.IsCancellationRequested)
            {
                await Task.Delay(period, job.Token);
                if (!await jobs.RenewLeaseAsync(delivery.JobId, consumer, Lease, job.Token))
                {
                    logger.LogWarning("Lost the lease on job {JobId}; stopping it", delivery.JobId);
                    await job.CancelAsync();
                    return;
                }
                await queue.ExtendAsync(delivery, consumer);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // A missed heartbeat only risks a duplicate run later, which the claim makes harmless.
            logger.LogWarning(e, "Heartbeat for job {JobId} failed", delivery.JobId);
        }
    }
}
