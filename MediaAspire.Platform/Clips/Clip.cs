namespace MediaAspire.Platform.Clips;

/// <summary>A clip as the API returns it.</summary>
/// <param name="Id">The clip's own asset (kind clip): its probe, renditions and verdict are at <c>/api/assets/{id}</c>.</param>
/// <param name="AssetId">The source asset it was cut from; null once that was deleted (the clip stays).</param>
/// <param name="Start">Where the clip really starts in the source (copy mode: the keyframe at or before <paramref name="RequestedStart"/>).</param>
/// <param name="Url">The clip's file.</param>
public sealed record Clip(Guid Id, Guid? AssetId, Guid? HighlightId, string Mode, double Start, double End, string Url,
    double RequestedStart, double RequestedEnd)
{
    public static string UrlOf(Guid clipId) => $"/api/assets/{clipId}/source";

    /// <summary>Where attempt <paramref name="attempt"/> of the clips job <paramref name="jobId"/> stores its cut of the clip: a
    /// key of the attempt's own, so two jobs (or an attempt that lost its lease and the one that took the job over) cutting
    /// the same clip at once never overwrite each other's file: the one that records the clip first keeps its file, the
    /// others delete their own. Under the clip's prefix, so deleting the clip deletes it.</summary>
    public static string SourceKeyOf(Guid clipId, Guid jobId, int attempt) => $"{Assets.Asset.KeyPrefix(clipId)}source-{jobId:N}-{attempt}";
}
