using MediaAspire.Platform.Renditions;
using MediaAspire.Platform.Tenancy;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.Api.Assets.Verdicts;

/// <summary>
/// The one poster an asset has. Classified, it is the verdict's pick, the best non-explicit keyframe, or none
/// when every keyframe was explicit (the renditions' still was taken blind and may be explicit too). Not yet
/// classified, it is that still, so a player has a picture from the start.
/// </summary>
internal static class AssetPoster
{
    public static bool Exists(Verdict? verdict, IEnumerable<Rendition> renditions) =>
        verdict is not null ? verdict.PosterUrl is not null : Still(renditions) is not null;

    /// <returns>The stored JPEG's key, or null when the asset has no poster.</returns>
    public static async Task<string?> FindKeyAsync(Guid assetId, TenantScope tenant, VerdictRepository verdicts, RenditionRepository renditions,
        CancellationToken cancellationToken)
    {
        if (await verdicts.GetAsync(assetId, ClassifierModel.Current, tenant, cancellationToken) is { } verdict)
            return verdict.PosterUrl is null ? null : await verdicts.GetPosterKeyAsync(assetId, verdict.Model, tenant, cancellationToken);
        return Still(await renditions.ListAsync(assetId, tenant, cancellationToken))?.StorageKey;
    }

    private static Rendition? Still(IEnumerable<Rendition> renditions) => renditions.FirstOrDefault(r => r.Kind == RenditionKinds.Poster);
}
