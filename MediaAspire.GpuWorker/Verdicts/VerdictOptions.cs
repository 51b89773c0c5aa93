namespace MediaAspire.GpuWorker.Verdicts;

public sealed record VerdictOptions
{
    // The settings keep the name they were published under (Analysis__MaxKeyframes…: README, manifests, operators' configuration).
    public const string Section = "Analysis";

    /// <summary>Keyframes per video are clamped to [min, max]: max is the GPU-cost lever.</summary>
    public int MinKeyframes { get; init; } = 3;
    public int MaxKeyframes { get; init; } = 24;

    private static readonly string[] DefaultExplicitClasses = ["Porn", "Hentai"];

    /// <summary>The explicit rubric: a keyframe's explicit score is the sum of these classes' probabilities
    /// (default Porn + Hentai). Configured classes replace the default: the configuration binder appends to a
    /// collection that already has items, so the default lives in <see cref="ExplicitRubric"/>, not here.</summary>
    public IReadOnlyList<string>? ExplicitClasses { get; init; }

    /// <summary>The classes summed into the explicit score: <see cref="ExplicitClasses"/>, or the default.</summary>
    public IReadOnlyList<string> ExplicitRubric => ExplicitClasses is { Count: > 0 } classes ? classes : DefaultExplicitClasses;

    /// <summary>A video is explicit when its most explicit keyframe reaches this score (MAX aggregation).</summary>
    public double ExplicitThreshold { get; init; } = 0.5;

    /// <summary>Longer media is refused with <see cref="MediaTooLongException"/> right after the probe; null: no limit.</summary>
    public double? MaxDurationSeconds { get; init; }
}
