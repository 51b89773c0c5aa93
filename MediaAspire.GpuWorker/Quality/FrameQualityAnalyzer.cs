using OpenCvSharp;

namespace MediaAspire.GpuWorker.Quality;

/// <summary>
/// Measures a frame's technical quality (not what it shows), on its grey image:
/// <code>
///   sharpness S = variance of the Laplacian (3x3 median first)   qS = S / (S + 150)
///   exposure  E = mean / 255, K = share of pixels &lt;= 5 or &gt;= 250
///                                   qE = clamp(1 - max(0, |E - 0.5| - 0.15) / 0.3) * clamp(1 - max(0, K - 0.05) / 0.3)
///   contrast  C = std / 255         qC = min(1, C / 0.12)
///   noise     N = Immerkaer sigma   qN = 1 / (1 + (N / 6)^2)
///   blocks    B = grid step ratio   qB = 1 / (1 + max(0, B - 1.5)^2)
///   Score = qS^0.30 * qE^0.25 * qB^0.20 * qN^0.15 * qC^0.10     (weighted geometric mean: one bad factor sinks it)
/// </code>
/// S, E, K and C are measured at a longest side of at most 512 px so they compare across resolutions; N and B at
/// the native resolution, where pixel noise and the 8x8 compression grid are (scaling averages them away). The
/// median filter keeps noise from passing for detail (it inflates the Laplacian); Immerkaer's mask cancels smooth
/// image structure, so N is mostly noise. Heavy JPEG compression barely lowers S (block edges are sharp), hence B:
/// brightness steps across the 8x8 grid relative to steps inside blocks.
/// Tags: "dark" (E &lt; 0.22), "overexposed" (E &gt; 0.78 or over 25 % of pixels &gt;= 250), "blurry" (S &lt; 20),
/// "low-contrast" (C &lt; 0.06), "noisy" (N &gt; 10), "compressed" (B &gt; 2.5).
/// Stateless and thread-safe: every call works on its own Mats.
/// </summary>
public sealed class FrameQualityAnalyzer
{
    private const int MeasureSide = 512;

    public FrameQuality Measure(Mat bgr)
    {
        if (bgr.Empty()) throw new ArgumentException("The frame is empty.", nameof(bgr));
        using var native = Gray(bgr);
        // Noise and JPEG blocks live at the pixel level: measured before any scaling averages them away.
        var noise = NoiseSigma(native);
        var blockiness = Blockiness(native);
        using var gray = Scaled(native);

        using var denoised = new Mat();
        Cv2.MedianBlur(gray, denoised, 3);
        using var laplacian = new Mat();
        Cv2.Laplacian(denoised, laplacian, MatType.CV_32F);
        Cv2.MeanStdDev(laplacian, out _, out var laplacianStd);
        var sharpness = laplacianStd.Val0 * laplacianStd.Val0;

        Cv2.MeanStdDev(gray, out var mean, out var std);
        var exposure = mean.Val0 / 255;
        var contrast = std.Val0 / 255;
        var pixels = (double)gray.Rows * gray.Cols;
        using var dark = new Mat();
        using var bright = new Mat();
        Cv2.InRange(gray, new OpenCvSharp.Scalar(0), new OpenCvSharp.Scalar(5), dark);
        Cv2.InRange(gray, new OpenCvSharp.Scalar(250), new OpenCvSharp.Scalar(255), bright);
        double darkShare = Cv2.CountNonZero(dark) / pixels, brightShare = Cv2.CountNonZero(bright) / pixels;

        var qSharp = sharpness / (sharpness + 150);
        var qNoise = 1 / (1 + Math.Pow(noise / 6, 2));
        var qExposure = Math.Clamp(1 - Math.Max(0, Math.Abs(exposure - 0.5) - 0.15) / 0.3, 0, 1)
                        * Math.Clamp(1 - Math.Max(0, darkShare + brightShare - 0.05) / 0.3, 0, 1);
        var qContrast = Math.Min(1, contrast / 0.12);
        var qBlocks = 1 / (1 + Math.Pow(Math.Max(0, blockiness - 1.5), 2));
        var score = Math.Pow(qSharp, 0.30) * Math.Pow(qExposure, 0.25) * Math.Pow(qBlocks, 0.20) * Math.Pow(qNoise, 0.15) * Math.Pow(qContrast, 0.10);

        var tags = new List<string>();
        if (exposure < 0.22) tags.Add("dark");
        if (exposure > 0.78 || brightShare > 0.25) tags.Add("overexposed");
        if (sharpness < 20) tags.Add("blurry");
        if (contrast < 0.06) tags.Add("low-contrast");
        if (noise > 10) tags.Add("noisy");
        if (blockiness > 2.5) tags.Add("compressed");
        return new FrameQuality(score, sharpness, exposure, contrast, noise, tags) { Blockiness = blockiness };
    }

    private static Mat Gray(Mat bgr)
    {
        var gray = new Mat();
        if (bgr.Channels() == 1) bgr.CopyTo(gray);
        else Cv2.CvtColor(bgr, gray, bgr.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        return gray;
    }

    private static Mat Scaled(Mat gray)
    {
        var scaled = new Mat();
        var scale = (double)MeasureSide / Math.Max(gray.Cols, gray.Rows);
        if (scale >= 1) gray.CopyTo(scaled);
        else Cv2.Resize(gray, scaled, new Size(Math.Max(1, (int)Math.Round(gray.Cols * scale)), Math.Max(1, (int)Math.Round(gray.Rows * scale))),
            interpolation: InterpolationFlags.Area);
        return scaled;
    }

    /// <summary>How much stronger brightness steps are across the 8x8 JPEG/MPEG block grid than inside the
    /// blocks: about 1 for a clean image, well above for heavy compression (mean of both directions).</summary>
    private static double Blockiness(Mat gray)
    {
        if (gray.Cols < 32 || gray.Rows < 32) return 1;
        return (GridStepRatio(gray, horizontal: true) + GridStepRatio(gray, horizontal: false)) / 2;
    }

    /// <param name="horizontal">Steps between neighbouring columns (else rows), averaged per column (row): read in place,
    /// with no transposed copy of the frame.</param>
    private static double GridStepRatio(Mat gray, bool horizontal)
    {
        var (width, height) = horizontal ? (gray.Cols - 1, gray.Rows) : (gray.Cols, gray.Rows - 1);
        using var first = gray[new Rect(0, 0, width, height)];
        using var second = gray[horizontal ? new Rect(1, 0, width, height) : new Rect(0, 1, width, height)];
        using var steps = new Mat();
        Cv2.Absdiff(first, second, steps);
        using var lines = new Mat();
        Cv2.Reduce(steps, lines, horizontal ? ReduceDimension.Row : ReduceDimension.Column, ReduceTypes.Avg, MatType.CV_64F);
        lines.GetArray(out double[] means);
        double across = 0, inside = 0;
        int acrossCount = 0, insideCount = 0;
        for (var x = 0; x < means.Length; x++)
        {
            if (x % 8 == 7) { across += means[x]; acrossCount++; }
            else { inside += means[x]; insideCount++; }
        }
        return across / acrossCount / Math.Max(1e-3, inside / insideCount);
    }

    /// <summary>J. Immerkaer, "Fast Noise Variance Estimation" (1996): the mask below is zero on any locally
    /// linear image, so what it sees is mostly noise; sigma = sqrt(pi/2) * sum|I * M| / (6 (W-2)(H-2)).</summary>
    private static double NoiseSigma(Mat gray)
    {
        if (gray.Rows < 3 || gray.Cols < 3) return 0;
        using var mask = Mat.FromArray(new float[,] { { 1, -2, 1 }, { -2, 4, -2 }, { 1, -2, 1 } });
        using var response = new Mat();
        // 16-bit integers hold the response exactly (|I * M| <= 16 * 255) in half the memory of floats.
        Cv2.Filter2D(gray, response, MatType.CV_16S, mask);
        using var interior = response[new Rect(1, 1, gray.Cols - 2, gray.Rows - 2)];
        var sum = Cv2.Norm(interior, NormTypes.L1);
        return Math.Sqrt(Math.PI / 2) * sum / (6.0 * (gray.Cols - 2) * (gray.Rows - 2));
    }
}
