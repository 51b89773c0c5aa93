namespace MediaAspire.GpuWorker.Highlights;

/// <summary>One signal over the recording, second by second.</summary>
/// <param name="Contribution">What it adds to the combined score (σ-equivalents, 0 where it did not fire).</param>
/// <param name="Strength">The reason's score where it fired: σ above baseline, or summed event weights.</param>
/// <param name="Describe">The human detail for a window, given its strongest second and its bounds (whole seconds).</param>
public sealed record SignalTrack(string Signal, double[] Contribution, double[] Strength, Func<int, int, int, string> Describe);
