using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.GpuWorker.Verdicts;

/// <summary>What <see cref="VerdictPipeline"/> learned about one file: its verdict (with the evidence and how long each
/// stage took), its probe and the poster keyframe.</summary>
/// <param name="Verdict">Not yet tied to an asset: <see cref="Verdict.AssetId"/> is empty and <see cref="Verdict.PosterUrl"/> null.</param>
/// <param name="PosterJpeg">The poster keyframe (<see cref="Verdict.PosterT"/>) as a JPEG; null without one.</param>
/// <param name="KeyframeJpegs">Each of the verdict's keyframes, in its order, as a small JPEG for a keyframe strip.</param>
public sealed record MediaVerdict(string Path, MediaProbe Probe, Verdict Verdict, byte[]? PosterJpeg, IReadOnlyList<byte[]> KeyframeJpegs);

/// <summary>How far a verdict is: the stage (probe, scenes, scoring; downloading when a stored asset is fetched first) and its fraction.</summary>
public sealed record VerdictProgress(string Stage, double Fraction);
