using MediaAspire.Platform.Highlights;

namespace MediaAspire.GpuWorker.Highlights;

/// <summary>What the highlights stage found.</summary>
/// <param name="Signals">The signals it had to work with (a recording without audio, a request without chat… has fewer).</param>
public sealed record HighlightDetection(IReadOnlyList<DetectedHighlight> Highlights, IReadOnlyList<string> Signals, double DurationSeconds);
