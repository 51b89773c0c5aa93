using MediaAspire.GpuWorker.Quality;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.GpuWorker.Analysis;

public enum MediaKind { Video, Image }

/// <summary>One scored keyframe: where it is, how good it is technically, who is in it, what the model sees.</summary>
public sealed record KeyframeResult(double Time, int Scene, FrameQuality Quality, int Faces, ClassScores Scores);

/// <param name="TriggerTime">The keyframe whose explicit score decided the verdict (the maximum).</param>
/// <param name="PosterTime">The best keyframe by quality among the non-explicit ones; null when every keyframe is explicit.</param>
public sealed record Verdict(
    bool IsExplicit,
    double ExplicitScore,
    double TriggerTime,
    double QualityScore,
    IReadOnlyList<SceneTag> SceneTags,
    double? PosterTime);

/// <summary>Everything the analysis learned about one file, with how long each stage took.</summary>
/// <param name="PosterJpeg">The poster keyframe (<see cref="Verdict.PosterTime"/>) as a JPEG; null without one.</param>
public sealed record MediaAnalysis(
    string Path,
    MediaKind Kind,
    MediaProbe Probe,
    IReadOnlyList<Scene> Scenes,
    IReadOnlyList<double> Cuts,
    IReadOnlyList<KeyframeResult> Keyframes,
    Verdict Verdict,
    string Model,
    string Device,
    IReadOnlyDictionary<string, double> StageMilliseconds,
    byte[]? PosterJpeg);
