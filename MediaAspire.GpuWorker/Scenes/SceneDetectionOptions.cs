namespace MediaAspire.GpuWorker.Scenes;

/// <summary>Knobs of <see cref="SceneCutDetector"/>. The defaults are what the tests and the benchmark measure.</summary>
public sealed record SceneDetectionOptions
{
    /// <summary>Fewest keyframes returned: a video with fewer scenes gets this many evenly spaced frames.</summary>
    public int MinKeyframes { get; init; } = 3;

    /// <summary>Most keyframes returned (the GPU-cost lever): beyond it the shortest scenes are merged.</summary>
    public int MaxKeyframes { get; init; } = 24;

    /// <summary>A boundary closer than this to the previous one is not a new scene.</summary>
    public double MinSceneSeconds { get; init; } = 1.0;

    /// <summary>Width frames are reduced to before their content is compared.</summary>
    public int AnalysisWidth { get; init; } = 320;

    /// <summary>Most frames a second that are analysed; the others are decoded but not converted (25 and 30 fps
    /// videos are analysed at every other frame, 50 and 60 fps at every fourth).</summary>
    public double MaxAnalysisFps { get; init; } = 15;

    /// <summary>Longest side of the keyframe images handed out (the scorer resizes them itself).</summary>
    public int KeyframeMaxSide { get; init; } = 640;

    /// <summary>A cut's frame difference must be at least this (0..1) ...</summary>
    public double CutMinDifference { get; init; } = 0.15;

    /// <summary>... and this many times the local motion level around it, so fast pans and zooms are not cuts.</summary>
    public double CutMotionRatio { get; init; } = 3.0;

    /// <summary>A change that returns to the previous content within this many frames is a flash, not a cut.</summary>
    public int FlashMaxFrames { get; init; } = 3;

    /// <summary>Colour change (HSV histogram distance, 0..1) across one <see cref="GradualWindowSeconds"/> that,
    /// spread over many frames, makes a gradual transition (fade, dissolve). Pans over one scene stay below it.</summary>
    public double GradualMinChange { get; init; } = 0.4;

    /// <summary>Span over which gradual change is measured: about the length of a typical dissolve.</summary>
    public double GradualWindowSeconds { get; init; } = 1.0;

    /// <summary>Decode the keyframes first and, at analysis rate, only the GOPs where content changed
    /// (<see cref="KeyframesFirstPass"/>); false: every frame at analysis rate, as for all-intra video.</summary>
    public bool KeyframesFirst { get; init; } = true;

    internal void Validate()
    {
        if (MinKeyframes < 1 || MaxKeyframes < MinKeyframes)
            throw new ArgumentException($"Keyframe limits must satisfy 1 <= min <= max (got {MinKeyframes}, {MaxKeyframes}).");
        if (AnalysisWidth < 32 || KeyframeMaxSide < 32)
            throw new ArgumentException("AnalysisWidth and KeyframeMaxSide must be at least 32 pixels.");
        if (MaxAnalysisFps <= 0) throw new ArgumentException("MaxAnalysisFps must be positive.");
        if (MinSceneSeconds < 0 || FlashMaxFrames < 0 || GradualWindowSeconds <= 0)
            throw new ArgumentException("Scene lengths and flash length cannot be negative.");
    }
}
