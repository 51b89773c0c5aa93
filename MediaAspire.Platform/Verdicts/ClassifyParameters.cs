namespace MediaAspire.Platform.Verdicts;

/// <summary>What a classify job is asked for; null means the worker's configured default.</summary>
/// <param name="MinKeyframes">Fewest keyframes scored (evenly spaced when the video has fewer scenes).</param>
/// <param name="MaxKeyframes">Most keyframes scored: the GPU-cost lever.</param>
/// <param name="MaxDurationSeconds">Longer media fails with <see cref="ClassifyFailure.TooLong"/> before decoding (the sync API's cap).</param>
/// <param name="Ingest">The asset was uploaded for this job: it records the probe and queues the renditions the probe job would have.</param>
public sealed record ClassifyParameters(
    int? MinKeyframes = null,
    int? MaxKeyframes = null,
    double? MaxDurationSeconds = null,
    bool Ingest = false)
{
    public bool UsesDefaults => MinKeyframes is null && MaxKeyframes is null;
}

/// <summary>Machine-readable reasons a classify job failed, in its result's <c>code</c> next to the human-readable error.</summary>
public static class ClassifyFailure
{
    public const string Unreadable = "unreadable";
    public const string TooLong = "too_long";
    public const string SourceMissing = "source_missing";
}
