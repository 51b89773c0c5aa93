using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Text;

/// <summary>
/// PP-OCRv4 text detection (DB, "Real-time Scene Text Detection with Differentiable Binarization"), with PaddleOCR's
/// own pre- and post-processing (ppocr/data/imaug/operators.py DetResizeForTest + NormalizeImage,
/// ppocr/postprocess/db_postprocess.py): the image scaled so its longer side is at most <c>maxSide</c> and both
/// sides are multiples of 32, ImageNet mean/std on the BGR channels; the network's text-probability map thresholded
/// at 0.3; each connected region's minimum-area box kept when the map's mean inside it reaches 0.6, then grown by
/// area × 1.5 / perimeter on every side (the network is trained on shrunk text regions) and mapped back to the input.
/// Thread-safe: ONNX Runtime sessions run concurrent calls.
/// </summary>
internal sealed class TextDetector(InferenceSession session)
{
    private const float MapThreshold = 0.3f;
    private const double BoxThreshold = 0.6;
    private const double UnclipRatio = 1.5;
    private const int MinSide = 3;
    private const int MaxCandidates = 1000;
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    private readonly string _input = session.InputMetadata.Keys.Single();

    /// <summary>Text regions as quadrilaterals (top-left, top-right, bottom-right, bottom-left) in <paramref name="bgr"/>'s
    /// pixels, in reading order (top to bottom, then left to right).</summary>
    public IReadOnlyList<Point2f[]> Detect(Mat bgr, int maxSide)
    {
        var ratio = Math.Min(1.0, (double)maxSide / Math.Max(bgr.Cols, bgr.Rows));
        var width = Math.Max(32, (int)Math.Round(bgr.Cols * ratio / 32) * 32);
        var height = Math.Max(32, (int)Math.Round(bgr.Rows * ratio / 32) * 32);
        using var resized = new Mat();
        Cv2.Resize(bgr, resized, new Size(width, height));
        var input = new DenseTensor<float>(Planar(resized, Mean, Std), [1, 3, height, width]);

        using var results = session.Run([NamedOnnxValue.CreateFromTensor(_input, input)]);
        var map = ((DenseTensor<float>)results[0].AsTensor<float>()).Buffer.ToArray();
        using var probability = Mat.FromPixelData(height, width, MatType.CV_32FC1, map);
        using var bitmap = new Mat();
        Cv2.Threshold(probability, bitmap, MapThreshold, 255, ThresholdTypes.Binary);
        bitmap.ConvertTo(bitmap, MatType.CV_8UC1);
        Cv2.FindContours(bitmap, out var contours, out _, RetrievalModes.List, ContourApproximationModes.ApproxSimple);

        var scaleX = (double)bgr.Cols / width;
        var scaleY = (double)bgr.Rows / height;
        var boxes = new List<Point2f[]>();
        foreach (var contour in contours.Take(MaxCandidates))
        {
            var region = Cv2.MinAreaRect(contour);
            if (Math.Min(region.Size.Width, region.Size.Height) < MinSide) continue;
            if (MeanInside(probability, region.Points()) < BoxThreshold) continue;
            // pyclipper's round offset of a rectangle by d, seen through its minimum-area box, is the rectangle
            // grown by d on every side.
            var (w, h) = (region.Size.Width, region.Size.Height);
            var distance = (float)(w * h * UnclipRatio / (2 * (w + h)));
            var grown = new RotatedRect(region.Center, new Size2f(w + 2 * distance, h + 2 * distance), region.Angle);
            if (Math.Min(grown.Size.Width, grown.Size.Height) < MinSide + 2) continue;
            boxes.Add(Ordered(grown.Points()).Select(p => new Point2f(
                (float)Math.Clamp(Math.Round(p.X * scaleX), 0, bgr.Cols), (float)Math.Clamp(Math.Round(p.Y * scaleY), 0, bgr.Rows))).ToArray());
        }
        return ReadingOrder(boxes);
    }

    /// <summary>CHW floats, (pixel / 255 - mean) / std per channel, in the image's own channel order.</summary>
    private static float[] Planar(Mat image, float[] mean, float[] std)
    {
        var (rows, cols) = (image.Rows, image.Cols);
        var data = new float[3 * rows * cols];
        using var scaled = new Mat();
        image.ConvertTo(scaled, MatType.CV_32FC3, 1 / 255.0);
        Cv2.Split(scaled, out var planes);
        try
        {
            for (var c = 0; c < 3; c++)
            {
                planes[c].ConvertTo(planes[c], MatType.CV_32FC1, 1 / std[c], -mean[c] / std[c]);
                planes[c].GetArray(out float[] plane);
                plane.CopyTo(data, c * rows * cols);
            }
        }
        finally
        {
            foreach (var plane in planes) plane.Dispose();
        }
        return data;
    }

    /// <summary>PaddleOCR's box_score_fast: the map's mean over the box, within the box's upright bounding rectangle.</summary>
    private static double MeanInside(Mat probability, Point2f[] corners)
    {
        var bounds = Cv2.BoundingRect(corners).Intersect(new Rect(0, 0, probability.Cols, probability.Rows));
        if (bounds.Width <= 0 || bounds.Height <= 0) return 0;
        using var mask = new Mat(bounds.Height, bounds.Width, MatType.CV_8UC1, new OpenCvSharp.Scalar(0));
        Cv2.FillPoly(mask, [corners.Select(p => new Point((int)Math.Round(p.X - bounds.X), (int)Math.Round(p.Y - bounds.Y))).ToArray()], new OpenCvSharp.Scalar(1));
        using var roi = new Mat(probability, bounds);
        return Cv2.Mean(roi, mask).Val0;
    }

    /// <summary>PaddleOCR's get_mini_boxes order: the two leftmost points (upper first), then the two rightmost (upper first), as tl, tr, br, bl.</summary>
    private static Point2f[] Ordered(Point2f[] points)
    {
        var byX = points.OrderBy(p => p.X).ToArray();
        var (topLeft, bottomLeft) = byX[0].Y <= byX[1].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        var (topRight, bottomRight) = byX[2].Y <= byX[3].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        return [topLeft, topRight, bottomRight, bottomLeft];
    }

    /// <summary>PaddleOCR's sorted_boxes: by top-left y then x, boxes whose tops are within 10 px counted as one line.</summary>
    internal static List<Point2f[]> ReadingOrder(List<Point2f[]> boxes)
    {
        var sorted = boxes.OrderBy(b => b[0].Y).ThenBy(b => b[0].X).ToList();
        for (var i = 0; i < sorted.Count - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                if (Math.Abs(sorted[j + 1][0].Y - sorted[j][0].Y) < 10 && sorted[j + 1][0].X < sorted[j][0].X)
                    (sorted[j], sorted[j + 1]) = (sorted[j + 1], sorted[j]);
                else break;
            }
        }
        return sorted;
    }
}
