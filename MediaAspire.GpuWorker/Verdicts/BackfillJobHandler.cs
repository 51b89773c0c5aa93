using System.Collections.Concurrent;
using System.Text.Json;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using MediaAspire.Platform.Verdicts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MediaAspire.GpuWorker.Verdicts;

/// <param name="Classified">Assets that got a verdict in this run.</param>
/// <param name="Failed">Assets that could not be classified, with why (the first 100).</param>
public sealed record BackfillResult(string Model, int Classified, int FailedCount, IReadOnlyList<BackfillFailure> Failed);

public sealed record BackfillFailure(Guid AssetId, string Reason);

/// <summary>
/// Classifies every readable asset that lacks a verdict for the current model, <see cref="BackfillOptions.Concurrency"/>
/// at a time. Each verdict is committed as soon as it exists, so a backfill that is stopped, cancelled or retried
/// continues where it was: the next run only sees what is still missing.
/// <para>One asset's failure never stops the others. An asset that cannot be decoded, or whose source is gone, is
/// marked failed with the reason (as a failed probe would be), so later backfills skip it instead of failing on it
/// again; any other error is reported in the result and the asset is tried again by the next backfill. Only a
/// transient failure (storage, network) fails the attempt, which the job's retry then continues.</para>
/// </summary>
public sealed class BackfillJobHandler(
    NpgsqlDataSource dataSource,
    AssetRepository assets,
    VerdictRepository verdicts,
    AssetClassifier classifier,
    IOptions<BackfillOptions> options,
    ILogger<BackfillJobHandler> logger) : IJobHandler
{
    private const int PageSize = 100;

    public string Kind => JobKinds.Backfill;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        var model = ClassifierModel.Current;
        var tenant = (context.Job.Parameters?.Deserialize<BackfillParameters>(PlatformJson.Options) ?? new BackfillParameters()).ScopeOf(context.Job.TenantId);
        var total = (await verdicts.GetCoverageAsync(model, tenant, cancellationToken)).Lacking;
        var failures = new ConcurrentQueue<BackfillFailure>();
        int done = 0, classified = 0;
        await context.ReportProgressAsync("classifying", 0);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = cancellationToken };
        var after = Guid.Empty;
        for (var page = await verdicts.ListLackingAsync(model, tenant, after, PageSize, cancellationToken); page.Count > 0;
             page = await verdicts.ListLackingAsync(model, tenant, after, PageSize, cancellationToken))
        {
            after = page[^1];
            await Parallel.ForEachAsync(page, parallel, async (assetId, ct) =>
            {
                var failure = await ClassifyOneAsync(assetId, context.Job.Id, ct);
                if (failure is null) Interlocked.Increment(ref classified);
                else failures.Enqueue(failure);
                var finished = Interlocked.Increment(ref done);
                // Assets uploaded during the run join it, so the total can grow.
                await context.ReportProgressAsync("classifying", Math.Min(0.99f, finished / (float)Math.Max(total, finished + 1)));
            });
        }
        return JobOutcome.Completed(new BackfillResult(model, classified, failures.Count, failures.Take(100).ToList()));
    }

    /// <returns>Null when the asset now has a verdict (or was deleted meanwhile); otherwise why not.</returns>
    private async Task<BackfillFailure?> ClassifyOneAsync(Guid assetId, Guid jobId, CancellationToken cancellationToken)
    {
        // The worker acts for whichever tenant owns the asset: the page above was already filtered by the backfill's tenant.
        var asset = await assets.GetAsync(assetId, TenantScope.Everyone, cancellationToken);
        if (asset is null) return null;
        try
        {
            var result = await classifier.ClassifyAsync(asset, jobId, new ClassifyParameters(), null, cancellationToken);
            await InTransactionAsync((connection, transaction, ct) => verdicts.UpsertAsync(result.Verdict, result.PosterKey, connection, transaction, ct), cancellationToken);
            return null;
        }
        catch (Exception e) when (e is UnreadableMediaException or ObjectNotFoundException)
        {
            var reason = e is ObjectNotFoundException ? JobAssets.SourceMissing : e.Message;
            await InTransactionAsync((connection, transaction, ct) => assets.SetFailedAsync(assetId, reason, connection, transaction, ct), cancellationToken);
            return new BackfillFailure(assetId, reason);
        }
        catch (Exception e) when (e is not OperationCanceledException && !StorageRetry.IsTransient(e))
        {
            logger.LogError(e, "Backfill could not classify asset {AssetId}", assetId);
            return new BackfillFailure(assetId, $"Classification failed: {e.Message}");
        }
    }

    private async Task InTransactionAsync(TransactionWrite write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await write(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
