namespace MediaAspire.GpuWorker.Analysis;

public sealed record AnalysisOptions
{
    public const string Section = "Analysis";

    /// <summary>Keyframes per video are clamped to [min, max]: max is the GPU-cost lever.</summary>
    public int MinKeyframes { get; init; } = 3;
    public int MaxKeyframes { get; init; } = 24;

    /// <summary>The explicit rubric: a keyframe's explicit score is the sum of these classes' probabilities.</summary>
    public IReadOnlyList<string> ExplicitClasses { get; init; } = ["Porn", "Hentai"];

    /// <summary>A video is explicit when its most explicit keyframe reaches this score (MAX aggregation).</summary>
    public double ExplicitThreshold { get; init; } = 0.5;

    /// <summary>Longer media is refused with <see cref="MediaTooLongException"/> right after the probe; null: no limit.</summary>
    public double? MaxDurationSeconds { get; init; }
}
