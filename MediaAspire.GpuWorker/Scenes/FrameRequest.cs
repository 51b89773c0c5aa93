namespace MediaAspire.GpuWorker.Scenes;

/// <summary>Which frames an <see cref="FfmpegFrameReader"/> hands out.</summary>
/// <param name="MinSpacing">Least time between two frames handed out, seconds (0: every frame decoded).</param>
internal sealed record FrameRequest(double MinSpacing)
{
    /// <summary>Decode only the keyframes (<c>-skip_frame nokey</c>: one frame per GOP, no prediction chain);
    /// otherwise every frame another one is predicted from (<c>-skip_frame noref</c>).</summary>
    public bool KeyframesOnly { get; init; }

    /// <summary>Start at the keyframe at this presentation time (the file's own timestamps) instead of the beginning.</summary>
    public double? From { get; init; }

    /// <summary>Stop before the frame at this presentation time (the file's own timestamps) instead of at the end: the
    /// decoder stops there too, rather than running ahead into frames nobody reads.</summary>
    public double? Before { get; init; }

    /// <summary>Presentation time (the file's own timestamps) that times are counted from; else the first frame read.</summary>
    public double? Origin { get; init; }
}
