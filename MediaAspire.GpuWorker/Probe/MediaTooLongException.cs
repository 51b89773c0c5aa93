using System.Globalization;

namespace MediaAspire.GpuWorker.Probe;

/// <summary>The media is longer than the caller allowed (<see cref="Verdicts.VerdictOptions.MaxDurationSeconds"/>); nothing was decoded.</summary>
public sealed class MediaTooLongException(double durationSeconds, double maxSeconds) : Exception(string.Create(CultureInfo.InvariantCulture,
    $"The video is {durationSeconds:F1} s long; this endpoint takes at most {maxSeconds:F0} s. Use the asynchronous POST /api/classify-video for longer videos."))
{
    public double DurationSeconds { get; } = durationSeconds;
}
