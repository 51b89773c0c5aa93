using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Brands;

namespace MediaAspire.GpuWorker.Live;

/// <summary>What the analysis of a live stream found once a segment closed (or the stream ended); every time in media
/// seconds from the stream's start, none later than the end of that segment.</summary>
/// <param name="Cuts">Hard cuts decided now: in this segment, or in the previous one's last half second (the detector's look-ahead).</param>
/// <param name="Keyframes">The segment's keyframe with its content scores.</param>
/// <param name="Brands">Appearances that ended (no sighting can extend them any more), merged across segments.</param>
public sealed record SegmentFindings(IReadOnlyList<double> Cuts, IReadOnlyList<ScoredKeyframe> Keyframes, IReadOnlyList<BrandAppearance> Brands);

/// <param name="T">The keyframe's media time.</param>
public sealed record ScoredKeyframe(double T, ClassScores Scores);
