using MediaAspire.Platform.Queue;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MediaAspire.Platform.Jobs;

/// <summary>
/// Creates jobs and wakes a worker for them. PostgreSQL is written first and is the truth: if Redis is down
/// the job stays pending and the worker's sweeper queues it later, so a submitted job is never lost.
/// </summary>
public sealed class JobSubmitter(NpgsqlDataSource dataSource, JobRepository jobs, JobQueue queue, ILogger<JobSubmitter> logger)
{
    /// <summary>Creates the job in its own transaction and queues it.</summary>
    /// <param name="tenantId">Only for a job without an asset: whose it is (a job of an asset is its asset's tenant's).</param>
    public async Task<Job> SubmitAsync(Guid? assetId, string kind, object? parameters, CancellationToken cancellationToken, Guid? tenantId = null)
    {
        Job job;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            job = await jobs.InsertAsync(assetId, kind, connection, transaction, cancellationToken, parameters, tenantId);
            await transaction.CommitAsync(cancellationToken);
        }
        await TryEnqueueAsync(job, cancellationToken);
        return job;
    }

    /// <summary>Queues a job whose row is committed; a Redis failure is logged, not thrown (see the class remarks).</summary>
    public async Task TryEnqueueAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            var messageId = await queue.EnqueueAsync(job.Id, job.Kind);
            await jobs.MarkEnqueuedAsync(job.Id, messageId, cancellationToken);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not queue job {JobId}; the sweeper will queue it once Redis is back", job.Id);
        }
    }
}
