namespace MediaAspire.GpuWorker.Highlights;

/// <summary>How highlights are found and shaped (section <c>Highlights</c>). Every signal is normalised against the
/// recording's own baseline, so one set of thresholds works for quiet and loud channels alike.</summary>
public sealed class HighlightSettings
{
    public const string Section = "Highlights";

    /// <summary>Highlights returned when the request does not say.</summary>
    public int Top { get; set; } = 5;

    /// <summary>Most highlights a request may ask for.</summary>
    public int MaxTop { get; set; } = 50;

    /// <summary>Added before and after the stretch where the signals fired.</summary>
    public double PaddingSeconds { get; set; } = 3;

    public double MinSeconds { get; set; } = 10;

    public double MaxSeconds { get; set; } = 60;

    /// <summary>Width of the rolling window a signal's baseline (mean and spread) is taken over, centred on each second.</summary>
    public double BaselineSeconds { get; set; } = 300;

    /// <summary>Chat, cuts and keywords are counted over this window (a rate, not single messages).</summary>
    public double RateWindowSeconds { get; set; } = 10;

    /// <summary>z-score at which each signal fires; below it the signal adds nothing.</summary>
    public double AudioThreshold { get; set; } = 2;

    public double ChatThreshold { get; set; } = 2.5;

    public double SceneThreshold { get; set; } = 2;

    public double TranscriptThreshold { get; set; } = 2;

    /// <summary>Viewers type after the moment: chat is moved this much earlier when the request does not say.</summary>
    public double ChatLagSeconds { get; set; } = 5;

    /// <summary>What a channel event is worth; types not listed weigh nothing.</summary>
    public Dictionary<string, double> EventWeights { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["raid"] = 10, ["gift_subs"] = 8, ["hype_train"] = 6, ["cheer"] = 5, ["sub"] = 2, ["redemption"] = 1,
    };

    /// <summary>An event's weight counts from this long before it (what led to it)…</summary>
    public double EventLeadSeconds { get; set; } = 10;

    /// <summary>…to this long after it.</summary>
    public double EventTailSeconds { get; set; } = 5;

    /// <summary>Event weight worth one σ of the other signals (raid 10 at the default 2 counts like a +5σ moment).</summary>
    public double EventWeightPerSigma { get; set; } = 2;

    /// <summary>How much each signal counts in the combined score.</summary>
    public Dictionary<string, double> SignalWeights { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["audio"] = 1, ["scenes"] = 0.5, ["chat"] = 1, ["events"] = 1, ["transcript"] = 0.75,
    };

    /// <summary>Transcript words that mean excitement, when the request brings none; null is <see cref="DefaultKeywords"/>
    /// (a configured list replaces it rather than adding to it, which binding a list with items would do).</summary>
    public List<string>? Keywords { get; set; }

    public static readonly IReadOnlyList<string> DefaultKeywords = ["wow", "oh my god", "no way", "let's go", "insane", "clutch", "crazy", "gg", "pog"];

    /// <summary>A highlight's stretch grows from its peak while the combined score stays above this share of the peak.</summary>
    public double ExtendFraction { get; set; } = 0.3;

    /// <summary>A z-score is capped here, so one extreme second cannot outrank every other signal combined.</summary>
    public double MaxZ { get; set; } = 10;

    /// <summary>Quieter than this (LUFS) counts as this: silence has no meaningful loudness.</summary>
    public double LoudnessFloor { get; set; } = -70;
}
