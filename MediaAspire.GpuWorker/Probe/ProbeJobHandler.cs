using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;

namespace MediaAspire.GpuWorker.Probe;

/// <summary>
/// Probes an asset's source: copies it from storage to scratch space (ffprobe wants a file), probes,
/// records. A successful probe chains the asset's renditions job in the same transaction (see
/// <see cref="JobOutcome.FollowUpKinds"/>): the pipeline's order lives in one place, a probed asset can
/// never miss its renditions, and a failed probe (bad input) queues nothing. The probe decides whether the
/// asset is usable: however it fails for good, the asset is marked failed with the reason.
/// </summary>
public sealed class ProbeJobHandler(JobAssets jobAssets, AssetRepository assets, MediaProber prober) : IJobHandler
{
    public string Kind => JobKinds.Probe;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        var (asset, refusal) = await jobAssets.GetAsync(context, "probed", needsProbe: false, cancellationToken);
        if (asset is null) return refusal!;

        using var scratch = jobAssets.CreateScratch(context.Job.Id);
        await context.ReportProgressAsync("downloading", 0.1f);
        if (await jobAssets.FetchSourceAsync(asset, scratch, cancellationToken) is not { } local) return JobOutcome.Failed(JobAssets.SourceMissing);

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
            (connection, transaction, ct) => assets.SetProbedAsync(asset.Id, probe, connection, transaction, ct),
            [JobKinds.Renditions]);
    }

    public TransactionWrite? OnFailed(Job job, string reason) =>
        job.AssetId is { } assetId ? (connection, transaction, ct) => assets.SetFailedAsync(assetId, reason, connection, transaction, ct) : null;
}
