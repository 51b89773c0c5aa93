using MediaAspire.Api.Assets.Renditions;
using MediaAspire.Api.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.Api.Assets;

/// <param name="Verdict">The asset's verdict by the current model version; null until it is classified.</param>
/// <param name="PosterUrl">The asset's poster (<see cref="Verdicts.AssetPoster"/>); null when it has none.</param>
public sealed record AssetResponse(Asset Asset, IReadOnlyList<JobSummary> Jobs, IReadOnlyList<RenditionResponse> Renditions, Verdict? Verdict, string? PosterUrl);
