using MediaAspire.Api.Assets.Renditions;
using MediaAspire.Api.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Clips;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.Api.Assets;

/// <param name="Verdict">The asset's verdict by the current model version; null until it is classified.</param>
/// <param name="PosterUrl">The asset's poster (<see cref="Verdicts.AssetPoster"/>); null when it has none.</param>
/// <param name="Clip">For a clip (<c>asset.kind</c> "clip"): what it was cut from (<c>asset_id</c>, the source; <c>highlight_id</c>), how and
/// where, as <c>GET /api/assets/{source}/clips</c> lists it; null for any other asset.</param>
public sealed record AssetResponse(Asset Asset, IReadOnlyList<JobSummary> Jobs, IReadOnlyList<RenditionResponse> Renditions, Verdict? Verdict, string? PosterUrl,
    Clip? Clip);
