using MediaAspire.Platform.Verdicts;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>A fade or dissolve, reported once for its whole length; it belongs to neither neighbouring scene.</summary>
public sealed record GradualTransition(double Start, double End);

/// <summary>The frame that stands for (part of) the video: owned BGR image, disposed with it.</summary>
public sealed class KeyframeImage(double time, int scene, Mat image, double sharpness) : IDisposable
{
    /// <summary>Presentation time of the frame, seconds.</summary>
    public double Time { get; } = time;

    /// <summary>Index into <see cref="SceneAnalysis.Scenes"/> of the scene the frame lies in.</summary>
    public int Scene { get; } = scene;

    /// <summary>BGR image, longest side at most <see cref="SceneDetectionOptions.KeyframeMaxSide"/>.</summary>
    public Mat Image { get; } = image;

    /// <summary>Variance of the Laplacian at analysis resolution: what made this frame the pick.</summary>
    public double Sharpness { get; } = sharpness;

    public void Dispose() => Image.Dispose();
}

/// <summary>What the scene pass found. Owns the keyframe images.</summary>
public sealed class SceneAnalysis(
    IReadOnlyList<Scene> scenes,
    IReadOnlyList<double> cuts,
    IReadOnlyList<GradualTransition> transitions,
    IReadOnlyList<KeyframeImage> keyframes,
    double frameRate,
    double durationSeconds) : IDisposable
{
    public IReadOnlyList<Scene> Scenes { get; } = scenes;

    /// <summary>Times of hard cuts: the first frame of the new scene.</summary>
    public IReadOnlyList<double> Cuts { get; } = cuts;

    public IReadOnlyList<GradualTransition> Transitions { get; } = transitions;

    /// <summary>In time order, between <see cref="SceneDetectionOptions.MinKeyframes"/> and
    /// <see cref="SceneDetectionOptions.MaxKeyframes"/> of them (fewer only when the video has fewer frames).</summary>
    public IReadOnlyList<KeyframeImage> Keyframes { get; } = keyframes;

    public double FrameRate { get; } = frameRate;

    public double DurationSeconds { get; } = durationSeconds;

    /// <summary>Seconds of the video decoded at analysis rate; the rest lay in GOPs the keyframes-first pass judged
    /// unchanged from their keyframes (equal to <see cref="DurationSeconds"/> after a full pass).</summary>
    public double DecodedSeconds { get; init; }

    public void Dispose()
    {
        foreach (var keyframe in Keyframes) keyframe.Dispose();
    }
}
