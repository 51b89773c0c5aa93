namespace MediaAspire.GpuWorker.Quality;

/// <summary>
/// Technical quality of one frame. <see cref="Score"/> is 0 (unusable) .. 1 (technically fine); the other figures
/// are the raw measures it is made from, on the frame's grey image scaled to a longest side of at most 512 px
/// (see <see cref="FrameQualityAnalyzer"/> for the formula).
/// </summary>
/// <param name="Sharpness">Variance of the Laplacian (grey levels squared).</param>
/// <param name="Exposure">Mean brightness, 0 (black) .. 1 (white).</param>
/// <param name="Contrast">RMS contrast: standard deviation of brightness, 0 .. 0.5.</param>
/// <param name="Noise">Estimated standard deviation of pixel noise, in grey levels (0..255 scale).</param>
/// <param name="Tags">Any of "dark", "overexposed", "blurry", "low-contrast", "noisy", "compressed".</param>
public sealed record FrameQuality(double Score, double Sharpness, double Exposure, double Contrast, double Noise, IReadOnlyList<string> Tags)
{
    /// <summary>Brightness steps across the 8x8 compression block grid relative to inside blocks: ~1 clean, &gt; 1.5 heavily compressed.</summary>
    public double Blockiness { get; init; } = 1;
}
