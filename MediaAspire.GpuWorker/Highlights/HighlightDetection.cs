using MediaAspire.Platform.Highlights;

namespace MediaAspire.GpuWorker.Highlights;

/// <summary>What the highlights stage found.</summary>
/// <param name="Signals">The signals it had to work with (a recording without audio, a request without chat… has fewer).</param>
public sealed record HighlightDetection(IReadOnlyList<DetectedHighlight> Highlights, IReadOnlyList<string> Signals, double DurationSeconds)
{
    /// <summary>Where the scene cuts came from (<see cref="SceneCutSources"/>); null: none were known (no video, or only ranked).</summary>
    public string? SceneCutsFrom { get; init; }
}

/// <summary>Where a detection's scene cuts came from.</summary>
public static class SceneCutSources
{
    /// <summary>The asset's stored scene analysis (its verdict): no video was decoded.</summary>
    public const string SceneAnalysis = "scene_analysis";

    /// <summary>The scenes stage, run beside the loudness decode because no scene analysis existed.</summary>
    public const string ScenePass = "scene_pass";
}
