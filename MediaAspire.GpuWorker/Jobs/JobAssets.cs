using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// The checks every job on an asset starts with, worded alike for every kind: the job names an asset, the asset still
/// exists (for the job's tenant), it has been probed when the job needs that, and its source is still in storage.
/// Each check that fails is a final <see cref="JobOutcome.Failed"/> outcome: retrying cannot bring the asset back.
/// </summary>
public sealed class JobAssets(AssetRepository assets, SourceFetcher fetcher)
{
    public const string SourceMissing = "The asset's source file is missing from storage.";

    /// <param name="done">What the job does to the asset, as a past participle: "probed", "cut into clips".</param>
    /// <returns>The asset, or the outcome that ends the job.</returns>
    public async Task<(Asset? Asset, JobOutcome? Refusal)> GetAsync(JobContext context, string done, bool needsProbe, CancellationToken cancellationToken)
    {
        if (context.Job.AssetId is not { } assetId) return (null, JobOutcome.Failed($"The {context.Job.Kind} job has no asset."));
        var asset = await assets.GetAsync(assetId, TenantScope.Of(context.Job.TenantId), cancellationToken);
        if (asset is null) return (null, JobOutcome.Failed($"The asset was deleted before it could be {done}."));
        if (needsProbe && asset.Probe is null)
            return (null, JobOutcome.Failed($"The asset has not been probed successfully, so it cannot be {done}."));
        return (asset, null);
    }

    /// <summary>Downloads the asset's source into <paramref name="scratch"/> (<see cref="SourceFetcher.FetchAsync"/>).</summary>
    /// <returns>The local path; null when the source is gone from storage (the job then fails with <see cref="SourceMissing"/>).</returns>
    public async Task<string?> FetchSourceAsync(Asset asset, JobScratch scratch, CancellationToken cancellationToken, double spaceFactor = 1)
    {
        try
        {
            return await fetcher.FetchAsync(asset, scratch, cancellationToken, spaceFactor);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    public JobScratch CreateScratch(Guid jobId) => fetcher.CreateScratch(jobId);
}
