using System.Globalization;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Processes;
using MediaAspire.Platform.Renditions;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Renditions;

/// <summary>
/// Makes an asset's renditions: pulls the source to scratch, runs the renditions stage under a time
/// limit scaled to the media's duration, stores the files under <c>assets/{id:N}/renditions/</c> and
/// records them with the job's completion. The set's bytes count against the tenant's storage quota: they are reserved
/// once encoded and before anything is stored (over the quota, the job fails saying so and stores nothing), and the
/// commit that records the set settles the reservation and gives back what a replaced set held. Cancelled, timed out
/// or failed, it leaves nothing behind: scratch is removed, files already stored are deleted again and the reservation
/// is given back. Failed for good, it records the reason as the asset's error (the asset stays readable: it can still
/// be played from its source and classified).
/// </summary>
/// <remarks>Progress is of the whole job, so it only rises: downloading 0–5 %, encoding 5–90 % (ffmpeg's
/// position in the media), storing 90–100 %.</remarks>
public sealed class RenditionJobHandler(
    JobAssets jobAssets,
    AssetRepository assets,
    RenditionRepository renditions,
    RenditionMaker maker,
    ResultUploader uploader,
    TenantRepository tenants,
    IOptions<RenditionSettings> settings) : IJobHandler
{
    public string Kind => JobKinds.Renditions;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        var (asset, refusal) = await jobAssets.GetAsync(context, "given renditions", needsProbe: true, cancellationToken);
        if (asset is null) return refusal!;
        var (assetId, probe) = (asset.Id, asset.Probe!);

        using var scratch = jobAssets.CreateScratch(context.Job.Id);
        await context.ReportProgressAsync("downloading", 0);
        // Source plus renditions (a proxy and an HLS ladder together stay well under twice the source).
        if (await jobAssets.FetchSourceAsync(asset, scratch, cancellationToken, spaceFactor: 2) is not { } source)
            return JobOutcome.Failed(JobAssets.SourceMissing);

        var set = await MakeWithinTimeLimitAsync(source, probe, scratch.PathOf("out"), context, cancellationToken);
        var bytes = set.Renditions.Sum(r => r.SizeBytes);
        // Per attempt: a redelivered job reserves anew, and a worker that dies here leaves a reservation that runs out.
        var reservation = Guid.CreateVersion7();
        if (await tenants.ReserveForJobAsync(reservation, asset.TenantId, bytes, 0, "the renditions", cancellationToken) is { } overQuota)
            return JobOutcome.Failed(overQuota);
        IReadOnlyList<Rendition> stored;
        try
        {
            stored = await StoreAsync(assetId, scratch.PathOf("out"), set, context, cancellationToken);
        }
        catch
        {
            await tenants.ReleaseReservationAsync(reservation, null, null, CancellationToken.None);
            throw;
        }
        return JobOutcome.Completed(new { renditions = stored }, async (connection, transaction, ct) =>
        {
            var replaced = await renditions.ReplaceAsync(assetId, stored, connection, transaction, ct);
            if (replaced > 0) await tenants.ReleaseAsync(asset.TenantId, replaced, 0, connection, transaction, ct);
            await tenants.SettleAsync(reservation, ct, connection, transaction);
        }) with
        {
            // The files have fixed keys the job that took over writes too, so only the quota is given back here.
            Abandon = () => tenants.ReleaseReservationAsync(reservation, null, null, CancellationToken.None),
        };
    }

    public TransactionWrite? OnFailed(Job job, string reason) =>
        job.AssetId is { } assetId
            ? (connection, transaction, ct) => assets.SetErrorAsync(assetId, $"Renditions failed: {reason}", connection, transaction, ct)
            : null;

    private async Task<RenditionSet> MakeWithinTimeLimitAsync(
        string source, MediaProbe probe, string output, JobContext context, CancellationToken cancellationToken)
    {
        var limit = settings.Value.TimeoutFor(probe.DurationSeconds);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await maker.MakeAsync(source, probe, output, settings.Value,
                fraction => context.ReportProgressAsync("encoding", (float)(0.05 + 0.85 * fraction)), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JobFailedException(string.Create(CultureInfo.InvariantCulture,
                $"Making the renditions took longer than the {limit.TotalSeconds:F0} s allowed for a {probe.DurationSeconds:F0} s video; it was stopped."));
        }
        catch (FfmpegFailedException e)
        {
            throw new JobFailedException(e.Message, e);
        }
    }

    private async Task<IReadOnlyList<Rendition>> StoreAsync(
        Guid assetId, string output, RenditionSet set, JobContext context, CancellationToken cancellationToken)
    {
        var prefix = Rendition.KeyPrefix(assetId);
        // Cancelled or failed half way, the uploader takes back what was stored so no partial set is left.
        await uploader.StoreAllAsync(set.Files.Select(f => (prefix + f, Path.Combine(output, f))).ToList(),
            i => context.ReportProgressAsync("storing", (float)(0.9 + 0.1 * i / set.Files.Count)), cancellationToken);
        return set.Renditions.Select(r => new Rendition(
            assetId, r.Kind, prefix + r.RelativePath, r.ContentType, r.Width, r.Height, r.SizeBytes, r.DurationSeconds)).ToList();
    }
}
