using MediaAspire.Api.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.Api.Assets;

/// <param name="Verdict">The classification by the current model version; null until the asset is classified.</param>
/// <param name="PosterUrl">The asset's poster (the verdict's best keyframe, else the renditions' still); null while it has neither.</param>
public sealed record AssetResponse(Asset Asset, IReadOnlyList<JobSummary> Jobs, IReadOnlyList<RenditionResponse> Renditions, Classification? Verdict, string? PosterUrl);
