namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// A frame's content in a few hundred bytes: normalised HSV histograms (what colours, independent of
/// where they are, so camera motion barely moves it) and a 64x36 grey thumbnail (where the light is;
/// so small that a pan of a few pixels per frame changes it little, while a cut or flash changes it a lot).
/// </summary>
internal sealed class FrameSignature
{
    public const int HueBins = 32, SaturationBins = 16, ValueBins = 16;
    public const int ThumbWidth = 64, ThumbHeight = 36;

    public float[] Histogram { get; } = new float[HueBins + SaturationBins + ValueBins];

    public byte[] Thumbnail { get; } = new byte[ThumbWidth * ThumbHeight];

    public void CopyTo(FrameSignature other)
    {
        Histogram.CopyTo(other.Histogram, 0);
        Thumbnail.CopyTo(other.Thumbnail, 0);
    }

    /// <summary>Colour change, 0..1: half the L1 distance of each channel's histogram, averaged over H, S, V
    /// (H and S count lit pixels only, so their histograms may sum to less than 1).</summary>
    public double HistogramDistance(FrameSignature other)
    {
        double sum = 0;
        for (var i = 0; i < Histogram.Length; i++) sum += Math.Abs(Histogram[i] - other.Histogram[i]);
        return sum / 6; // each channel's histogram sums to 1: L1 <= 2 per channel, 3 channels
    }

    /// <summary>Light change, 0..1: mean absolute difference of the thumbnails.</summary>
    public double LumaDistance(FrameSignature other)
    {
        long sum = 0;
        for (var i = 0; i < Thumbnail.Length; i++) sum += Math.Abs(Thumbnail[i] - other.Thumbnail[i]);
        return sum / (255.0 * Thumbnail.Length);
    }

    /// <summary>
    /// The content difference every decision uses, 0..1: histogram and luma distances weighted equally,
    /// luma scaled by 2.5 because even a cut between two different photos rarely moves mean pixel
    /// values by more than 0.4 of the range, while the histogram distance uses its whole range.
    /// </summary>
    public double Difference(FrameSignature other) =>
        0.5 * HistogramDistance(other) + 0.5 * Math.Min(1, 2.5 * LumaDistance(other));
}
