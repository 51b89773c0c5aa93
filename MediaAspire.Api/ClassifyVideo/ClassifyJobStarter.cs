using MediaAspire.Api.Assets;
using MediaAspire.Api.Uploads.Bodies;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Tenancy;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.Api.ClassifyVideo;

/// <param name="Job">The classify job to follow; null when <paramref name="Cached"/> answers already.</param>
/// <param name="Cached">The asset's verdict by the current model, when it had one and the request asked nothing special.</param>
/// <param name="NewAsset">The bytes were stored by this request (not a duplicate of an earlier upload).</param>
public sealed record ClassifyStart(Asset Asset, Job? Job, Verdict? Cached, bool NewAsset);

/// <summary>
/// Turns a classify request into a classify job: new bytes become an asset whose first job is the
/// classification (it records the probe itself and queues renditions after the verdict); an existing asset
/// gets a new classify job, unless it already has a verdict by the current model and the request asks
/// nothing special of it: then that verdict is the answer and nothing is decoded again.
/// </summary>
public sealed class ClassifyJobStarter(AssetIngestor ingestor, AssetRepository assets, VerdictRepository verdicts, JobSubmitter submitter)
{
    /// <returns>Null when <see cref="UploadBody.AssetId"/> names no asset of <paramref name="tenant"/>.</returns>
    /// <exception cref="UploadRejectedException">The bytes are not acceptable (empty, over <paramref name="maxBytes"/>, not media).</exception>
    public async Task<ClassifyStart?> StartAsync(UploadBody body, ClassifyParameters parameters, long? maxBytes, TenantScope tenant,
        CancellationToken cancellationToken)
    {
        Asset asset;
        if (body.AssetId is { } assetId)
        {
            if (await assets.GetAsync(assetId, tenant, cancellationToken) is not { } existing) return null;
            asset = existing;
        }
        else
        {
            var ingested = await ingestor.IngestAsync(body.Content!, body.Filename, null, tenant, cancellationToken,
                new FirstJob(JobKinds.Classify, parameters with { Ingest = true }), maxBytes, body.MaxLength);
            if (!ingested.Duplicate) return new ClassifyStart(ingested.Asset, ingested.Job, Cached: null, NewAsset: true);
            asset = ingested.Asset;
        }

        if (parameters.UsesDefaults && await verdicts.GetAsync(asset.Id, ClassifierModel.Current, tenant, cancellationToken) is { } verdict)
            return new ClassifyStart(asset, null, verdict, NewAsset: false);
        var job = await submitter.SubmitAsync(asset.Id, JobKinds.Classify, parameters with { Ingest = false }, cancellationToken);
        return new ClassifyStart(asset, job, Cached: null, NewAsset: false);
    }
}
