using MediaAspire.GpuWorker.Quality;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Clips;

/// <summary>
/// Where a vertical clip's crop goes: the source is looked at a few times a second; the crop centres on the faces
/// <see cref="FaceDetector"/> finds (weighted by area and score: the largest, surest face counts most), or else on the busiest region (edges and motion since the previous look), and the path is
/// smoothed both ways so it glides instead of jumping.
/// </summary>
public static class VerticalFraming
{
    private const int AnalysisWidth = 640;

    public static VerticalCrop Plan(string source, double start, double end, int width, int height, FaceDetector faces, ClipSettings settings,
        CancellationToken cancellationToken)
    {
        // An exact 9:16 with even sides: 9k by 16k for an even k.
        var k = Math.Min(height / 16, width / 9) / 2 * 2;
        var (cropWidth, cropHeight) = (9 * k, 16 * k);
        var y = (height - cropHeight) / 2 / 2 * 2;

        var samples = new List<(double T, double Centre)>();
        using (var capture = new VideoCapture(source))
        {
            var step = 1 / Math.Max(0.1, settings.VerticalSamplesPerSecond);
            using var previous = new Mat();
            var lastCentre = width / 2.0;
            for (var t = 0.0; t < end - start; t += step)
            {
                cancellationToken.ThrowIfCancellationRequested();
                capture.Set(VideoCaptureProperties.PosMsec, (start + t) * 1000);
                using var frame = new Mat();
                if (!capture.Read(frame) || frame.Empty()) break;
                lastCentre = Centre(frame, previous, faces, cropWidth) ?? lastCentre;
                samples.Add((t, lastCentre));
                var scale = (double)AnalysisWidth / frame.Cols;
                Cv2.Resize(frame, previous, new Size(AnalysisWidth, (int)Math.Round(frame.Rows * scale)), interpolation: InterpolationFlags.Area);
            }
        }
        if (samples.Count == 0) samples.Add((0, width / 2.0));

        var smoothed = Smooth(samples.Select(s => s.Centre).ToArray(), settings.VerticalSmoothing);
        var path = samples.Select((s, i) => (s.T, (int)Math.Round(Math.Clamp(smoothed[i] - cropWidth / 2.0, 0, width - cropWidth) / 2) * 2)).ToList();
        return new VerticalCrop(cropWidth, cropHeight, y, path);
    }

    /// <summary>The x the crop should centre on, in source pixels; null when the frame gives no hint (flat, still, faceless).</summary>
    private static double? Centre(Mat frame, Mat previous, FaceDetector faces, int cropWidth)
    {
        var found = faces.Find(frame);
        if (found.Count > 0)
        {
            var weight = found.Sum(f => (double)f.Box.Width * f.Box.Height * f.Score);
            return found.Sum(f => (f.Box.X + f.Box.Width / 2.0) * f.Box.Width * f.Box.Height * f.Score) / weight;
        }

        var scale = (double)AnalysisWidth / frame.Cols;
        using var small = new Mat();
        Cv2.Resize(frame, small, new Size(AnalysisWidth, (int)Math.Round(frame.Rows * scale)), interpolation: InterpolationFlags.Area);
        using var gray = new Mat();
        Cv2.CvtColor(small, gray, ColorConversionCodes.BGR2GRAY);
        using var energy = new Mat();
        Cv2.Sobel(gray, energy, MatType.CV_32F, 1, 0);
        Cv2.Absdiff(energy, new OpenCvSharp.Scalar(0), energy);
        if (!previous.Empty() && previous.Size() == small.Size())
        {
            // Motion counts more than texture: what moves is what a viewer follows.
            using var previousGray = new Mat();
            Cv2.CvtColor(previous, previousGray, ColorConversionCodes.BGR2GRAY);
            using var motion = new Mat();
            Cv2.Absdiff(gray, previousGray, motion);
            motion.ConvertTo(motion, MatType.CV_32F, 4);
            Cv2.Add(energy, motion, energy);
        }
        using var columns = new Mat();
        Cv2.Reduce(energy, columns, 0, ReduceTypes.Sum, MatType.CV_64F);
        columns.GetArray(out double[] profile);
        var window = Math.Max(1, (int)Math.Round(cropWidth * scale));
        if (window >= profile.Length) return null;
        double sum = 0, best = -1;
        var bestStart = 0;
        for (var i = 0; i < profile.Length; i++)
        {
            sum += profile[i];
            if (i >= window) sum -= profile[i - window];
            if (i >= window - 1 && sum > best) (best, bestStart) = (sum, i - window + 1);
        }
        return best <= 0 ? null : (bestStart + window / 2.0) / scale;
    }

    /// <summary>Exponential smoothing forwards then backwards: no lag, no jumps.</summary>
    private static double[] Smooth(double[] values, double alpha)
    {
        var result = (double[])values.Clone();
        for (var i = 1; i < result.Length; i++) result[i] = result[i - 1] + alpha * (result[i] - result[i - 1]);
        for (var i = result.Length - 2; i >= 0; i--) result[i] = result[i + 1] + alpha * (result[i] - result[i + 1]);
        return result;
    }
}
