namespace MediaAspire.GpuWorker.Imaging;

/// <summary>Picture sizes in 4:2:0 video (x264, I420 frames) must be even: chroma has one sample per 2x2 pixels.</summary>
internal static class EvenPixels
{
    /// <summary>The nearest even number of pixels, at least 2.</summary>
    public static int Round(double pixels) => Math.Max(2, 2 * (int)Math.Round(pixels / 2));
}
