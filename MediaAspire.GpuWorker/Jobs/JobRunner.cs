using MediaAspire.Platform.Database;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Queue;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// Runs one queue delivery to the end: claims the job in PostgreSQL, keeps its lease and its message
/// alive while the handler works, commits the outcome (and any follow-up jobs), and only then
/// acknowledges the message. A crash anywhere before the commit leaves the message to be redelivered.
/// A cancel request (pub/sub, or seen at lease renewal) stops the handler and ends the job cancelled.
/// However a job fails for good, its handler's <see cref="IJobHandler.OnFailed"/> is written with the failure; a full
/// disk fails it for good with a reason that says so (<see cref="DiskFull"/>).
/// </summary>
public sealed class JobRunner(
    JobRepository jobs,
    JobQueue queue,
    JobSubmitter submitter,
    RunningJobs running,
    IEnumerable<IJobHandler> handlers,
    IOptions<JobQueueOptions> queueOptions,
    IOptions<WorkerOptions> workerOptions,
    ILogger<JobRunner> logger)
{
    private const string CancelledReason = "Cancelled on request.";
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);
    private TimeSpan Lease => queueOptions.Value.VisibilityTimeout;

    public async Task RunAsync(QueueDelivery delivery, string consumer, CancellationToken stoppingToken)
    {
        var handler = _handlers.GetValueOrDefault(delivery.Kind);
        if (delivery.DeadLettered)
        {
            if (await jobs.GetAsync(delivery.JobId, TenantScope.Everyone, stoppingToken) is not { } deadJob) return;
            var reason = $"Gave up after {delivery.DeliveryCount - 1} attempts that did not finish" +
                (deadJob.Error is null ? "." : $"; last error: {deadJob.Error}");
            await jobs.FailUnfinishedAsync(deadJob.Id, reason, handler?.OnFailed(deadJob, reason), stoppingToken);
            return;
        }
        if (handler is null)
        {
            await jobs.FailUnfinishedAsync(delivery.JobId, $"This worker does not know how to run '{delivery.Kind}' jobs.", null, stoppingToken);
            await queue.AcknowledgeAsync(delivery);
            return;
        }

        var job = await jobs.TryClaimAsync(delivery.JobId, consumer, Lease, stoppingToken);
        if (job is null)
        {
            // Finished (or cancelled while pending) already, or a duplicate message of a job another worker holds.
            await queue.AcknowledgeAsync(delivery);
            return;
        }

        using var activity = JobTelemetry.StartJob(job, delivery.TraceParent, delivery.TraceState);
        using var stages = new JobStages(job, activity);
        using var cancelRequested = new CancellationTokenSource();
        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, cancelRequested.Token);
        using var tracking = running.Track(job.Id, cancelRequested);
        // The cancel may have been asked for while the job's previous worker held it.
        if (job.CancelRequested) await cancelRequested.CancelAsync();
        var heartbeat = KeepAliveAsync(delivery, consumer, cancelRequested, jobCancellation);
        try
        {
            var progress = new ProgressThrottle(
                (stage, value) => jobs.ReportProgressAsync(job.Id, consumer, stage, value, CancellationToken.None),
                workerOptions.Value.ProgressInterval);
            var outcome = await handler.HandleAsync(new JobContext(job, (stage, value) =>
            {
                stages.Enter(stage);
                return progress.ReportAsync(stage, value);
            }), jobCancellation.Token);
            stages.Dispose();
            var followUps = new List<Job>();
            var persist = outcome.State == JobState.Failed
                ? Both(outcome.Persist, handler.OnFailed(job, outcome.Error ?? "The job failed."))
                : WithFollowUps(outcome, job, followUps);
            var finished = await jobs.FinishAsync(job.Id, consumer, outcome.State, outcome.Error, outcome.Result, persist, CancellationToken.None);
            if (!finished)
            {
                logger.LogWarning("Job {JobId} was taken from this worker before it finished; its result is dropped", job.Id);
                if (outcome.Abandon is not null) await outcome.Abandon();
            }
            else
            {
                Finished(job, outcome.State, activity, outcome.Error);
                await EnqueueAsync(followUps);
                if (outcome.Committed is not null) await AnnounceAsync(job, outcome.Committed);
            }
            await queue.AcknowledgeAsync(delivery);
            logger.LogInformation("Job {JobId} ({Kind}) {State}{Error}", job.Id, job.Kind, outcome.State, outcome.Error is null ? "" : $": {outcome.Error}");
        }
        catch (OperationCanceledException) when (cancelRequested.IsCancellationRequested)
        {
            await jobs.FinishAsync(job.Id, consumer, JobState.Cancelled, CancelledReason, null, null, CancellationToken.None);
            Finished(job, JobState.Cancelled, activity);
            await queue.AcknowledgeAsync(delivery);
            logger.LogInformation("Job {JobId} ({Kind}) cancelled on request", job.Id, job.Kind);
        }
        catch (Exception e) when (DiskFull.Caused(e) && !stoppingToken.IsCancellationRequested)
        {
            var reason = DiskFull.Reason(workerOptions.Value.ScratchPath);
            logger.LogWarning(e, "Job {JobId} ({Kind}) stopped by a full disk", job.Id, job.Kind);
            await jobs.FinishAsync(job.Id, consumer, JobState.Failed, reason, null, handler.OnFailed(job, reason), CancellationToken.None);
            Finished(job, JobState.Failed, activity, reason);
            await queue.AcknowledgeAsync(delivery);
        }
        catch (JobFailedException e)
        {
            await jobs.FinishAsync(job.Id, consumer, JobState.Failed, e.Message, null, handler.OnFailed(job, e.Message), CancellationToken.None);
            Finished(job, JobState.Failed, activity, e.Message);
            await queue.AcknowledgeAsync(delivery);
            logger.LogInformation("Job {JobId} ({Kind}) failed: {Error}", job.Id, job.Kind, e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await jobs.ReleaseForRetryAsync(job.Id, consumer, "The worker stopped before the job finished; it will be retried.", CancellationToken.None);
        }
        catch (Exception e)
        {
            // Transient by contract: leave the message unacknowledged so it is redelivered (up to MaxDeliveries).
            logger.LogWarning(e, "Job {JobId} ({Kind}) failed on attempt {Attempt}; it will be retried", job.Id, job.Kind, job.Attempts);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            await jobs.ReleaseForRetryAsync(job.Id, consumer, $"Attempt {job.Attempts} failed: {e.Message}", CancellationToken.None);
        }
        finally
        {
            await jobCancellation.CancelAsync();
            await heartbeat;
        }
    }

    private static void Finished(Job job, JobState state, System.Diagnostics.Activity? activity, string? error = null)
    {
        var name = state.ToString().ToLowerInvariant();
        JobTelemetry.JobsFinished.Add(1, new KeyValuePair<string, object?>("kind", job.Kind), new KeyValuePair<string, object?>("state", name));
        activity?.SetTag("mediaaspire.job.state", name);
        if (state == JobState.Failed) activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
    }

    /// <summary>The outcome's own persistence plus its follow-up jobs' rows, all in the finishing transaction:
    /// a probed asset always gets its renditions job, or the probe is not recorded either.</summary>
    private TransactionWrite? WithFollowUps(JobOutcome outcome, Job job, List<Job> created)
    {
        var followUps = job.AssetId is { } assetId ? outcome.FollowUpKinds.Select(kind => (AssetId: assetId, Kind: kind)) : [];
        followUps = [.. followUps, .. outcome.FollowUpsOfOtherAssets];
        if (!followUps.Any()) return outcome.Persist;
        return async (connection, transaction, ct) =>
        {
            if (outcome.Persist is not null) await outcome.Persist(connection, transaction, ct);
            foreach (var (asset, kind) in followUps)
                created.Add(await jobs.InsertAsync(asset, kind, connection, transaction, ct));
        };
    }

    private static TransactionWrite? Both(TransactionWrite? first, TransactionWrite? second)
    {
        if (first is null || second is null) return first ?? second;
        return async (connection, transaction, ct) =>
        {
            await first(connection, transaction, ct);
            await second(connection, transaction, ct);
        };
    }

    /// <summary>Queues committed follow-up jobs; if Redis fails here the sweeper queues them later.</summary>
    private async Task EnqueueAsync(IEnumerable<Job> followUps)
    {
        foreach (var next in followUps) await submitter.TryEnqueueAsync(next, CancellationToken.None);
    }

    /// <summary>The outcome's announcement, once committed; the job is done whatever becomes of it (a Redis failure here
    /// is logged, not retried: the committed result stands and is what the API serves).</summary>
    private async Task AnnounceAsync(Job job, Func<Task> committed)
    {
        try
        {
            await committed();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Job {JobId} ({Kind}) finished, but announcing its result failed", job.Id, job.Kind);
        }
    }

    /// <summary>
    /// Renews the job's lease and its message's idle time; cancels the job if another worker took it, or
    /// if a cancel was asked for and its pub/sub message did not arrive.
    /// </summary>
    private async Task KeepAliveAsync(QueueDelivery delivery, string consumer, CancellationTokenSource cancelRequested, CancellationTokenSource job)
    {
        var period = Lease / 3;
        try
        {
            while (!job.IsCancellationRequested)
            {
                await Task.Delay(period, job.Token);
                switch (await jobs.RenewLeaseAsync(delivery.JobId, consumer, Lease, job.Token))
                {
                    case LeaseRenewal.Lost:
                        logger.LogWarning("Lost the lease on job {JobId}; stopping it", delivery.JobId);
                        await job.CancelAsync();
                        return;
                    case LeaseRenewal.CancelRequested:
                        await cancelRequested.CancelAsync();
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
