using MediaAspire.Api.Assets.Renditions;
using MediaAspire.Api.Assets.Verdicts;
using MediaAspire.Api.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.Api.Assets;

/// <param name="Verdict">The classification by the current model version; null until the asset is classified.</param>
/// <param name="PosterUrl">The asset's poster (<see cref="AssetPoster"/>); null when it has none.</param>
public sealed record AssetResponse(Asset Asset, IReadOnlyList<JobSummary> Jobs, IReadOnlyList<RenditionResponse> Renditions, Verdict? Verdict, string? PosterUrl);
