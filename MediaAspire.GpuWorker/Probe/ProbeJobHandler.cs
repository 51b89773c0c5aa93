using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.GpuWorker.Probe;

/// <summary>
/// Probes an asset's source: copies it from storage to scratch space (ffprobe wants a file), probes,
/// records. A successful probe chains the asset's renditions job in the same transaction (see
/// <see cref="JobOutcome.FollowUpKinds"/>): the pipeline's order lives in one place, a probed asset can
/// never miss its renditions, and a failed probe (bad input) queues nothing. The probe decides whether the
/// asset is usable: however it fails for good, the asset is marked failed with the reason.
/// </summary>
public sealed class ProbeJobHandler(SourceFetcher fetcher, AssetRepository assets, MediaProber prober) : IJobHandler
{
    public string Kind => JobKinds.Probe;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (context.Job.AssetId is not { } assetId) return JobOutcome.Failed("The probe job has no asset.");
        var asset = await assets.GetAsync(assetId, TenantScope.Of(context.Job.TenantId), cancellationToken);
        if (asset is null) return JobOutcome.Failed("The asset was deleted before it could be probed.");

        using var scratch = fetcher.CreateScratch(context.Job.Id);
        await context.ReportProgressAsync("downloading", 0.1f);
        string local;
        try
        {
            local = await fetcher.FetchAsync(asset, scratch, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return JobOutcome.Failed("The asset's source file is missing from storage.");
        }

        await context.ReportProgressAsync("probing", 0.5f);
        MediaProbe probe;
        try
        {
            probe = await prober.ProbeAsync(local, cancellationToken);
        }
        catch (UnreadableMediaException e)
        {
            return JobOutcome.Failed(e.Message);
        }
        return JobOutcome.Completed(probe,
            (connection, transaction, ct) => assets.SetProbedAsync(assetId, probe, connection, transaction, ct),
            [JobKinds.Renditions]);
    }

    public Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? OnFailed(Job job, string reason) =>
        job.AssetId is { } assetId ? (connection, transaction, ct) => assets.SetFailedAsync(assetId, reason, connection, transaction, ct) : null;
}
