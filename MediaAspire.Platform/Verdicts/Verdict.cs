namespace MediaAspire.Platform.Verdicts;

/// <summary>
/// One verdict for a video, as the API returns it and the verdicts table keeps it. The decision fields come
/// first (seed-compatible: <c>is_explicit</c>, <c>explicit_score</c>); the evidence follows.
/// </summary>
/// <param name="TriggerT">The keyframe whose explicit score decided (the maximum over keyframes).</param>
/// <param name="Threshold">The explicit threshold the score was compared with.</param>
/// <param name="PosterT">The best keyframe by quality among the non-explicit ones; null when every keyframe is explicit.</param>
/// <param name="PosterUrl">Where its JPEG is served; null without a poster.</param>
/// <param name="Model">Classifier and version, e.g. <c>nsfwjs/mobilenet_v2@4.4.0</c>.</param>
/// <param name="Device">Where it ran: cpu or cuda.</param>
/// <param name="StageMs">Milliseconds per stage (probe, scenes, quality_faces, scoring, …).</param>
public sealed record Verdict(
    Guid AssetId,
    Guid? JobId,
    bool IsExplicit,
    double ExplicitScore,
    double Threshold,
    double TriggerT,
    double QualityScore,
    IReadOnlyList<SceneTag> SceneTags,
    double? PosterT,
    string? PosterUrl,
    string Model,
    string Device,
    string Kind,
    double? DurationSeconds,
    IReadOnlyList<Scene> Scenes,
    IReadOnlyList<double> Cuts,
    IReadOnlyList<Keyframe> Keyframes,
    IReadOnlyDictionary<string, double> StageMs)
{
    public static string PosterPath(Guid assetId) => $"/api/assets/{assetId}/poster";

    /// <summary>Each model version's poster has its own key, so a re-classification never overwrites another verdict's.</summary>
    public static string PosterKey(Guid assetId, string model) => $"assets/{assetId:N}/verdicts/{ClassifierModel.Slug(model)}/poster.jpg";

    /// <summary>Keyframe <paramref name="index"/> (in <see cref="Keyframes"/>' order) as served.</summary>
    public static string KeyframePath(Guid assetId, int index) => $"/api/assets/{assetId}/keyframes/{index}";

    /// <summary>Where that keyframe's JPEG is stored, beside its verdict's poster.</summary>
    public static string KeyframeKey(Guid assetId, string model, int index) => $"assets/{assetId:N}/verdicts/{ClassifierModel.Slug(model)}/keyframes/{index}.jpg";
}
