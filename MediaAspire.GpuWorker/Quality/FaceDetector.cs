using OpenCvSharp;

namespace MediaAspire.GpuWorker.Quality;

/// <summary>
/// Counts frontal faces with OpenCV's Haar cascade from Debian's opencv-data package.
/// <para>Thread safety: a <see cref="CascadeClassifier"/> keeps per-call scratch buffers and must not run on two
/// threads at once, so one detector serialises its calls with a lock (a detection on a 640-px keyframe takes tens of
/// milliseconds). Workers that need parallel face counting create one detector per thread.</para>
/// </summary>
public sealed class FaceDetector : IDisposable
{
    public const string DefaultCascadePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    private const int DetectSide = 640;
    private readonly CascadeClassifier _cascade;
    private readonly Lock _gate = new();

    /// <exception cref="FileNotFoundException">The cascade file is missing (install opencv-data).</exception>
    public FaceDetector(string cascadePath = DefaultCascadePath)
    {
        if (!File.Exists(cascadePath))
            throw new FileNotFoundException(
                $"The face cascade {cascadePath} is missing: install Debian's opencv-data package (scripts/install-prerequisites.sh).", cascadePath);
        _cascade = new CascadeClassifier(cascadePath);
        if (_cascade.Empty()) throw new InvalidDataException($"The face cascade {cascadePath} could not be loaded.");
    }

    /// <summary>Faces at least 1/12 of the frame's shorter side.</summary>
    public int Count(Mat bgr) => Find(bgr).Length;

    /// <summary>Where those faces are, in <paramref name="bgr"/>'s pixels (vertical clips follow them).</summary>
    public Rect[] Find(Mat bgr)
    {
        if (bgr.Empty()) throw new ArgumentException("The frame is empty.", nameof(bgr));
        using var gray = new Mat();
        if (bgr.Channels() == 1) bgr.CopyTo(gray);
        else Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
        var scale = Math.Min(1.0, (double)DetectSide / Math.Max(gray.Cols, gray.Rows));
        if (scale < 1) Cv2.Resize(gray, gray, new Size((int)Math.Round(gray.Cols * scale), (int)Math.Round(gray.Rows * scale)), interpolation: InterpolationFlags.Area);
        Cv2.EqualizeHist(gray, gray);
        var smallest = Math.Max(24, Math.Min(gray.Cols, gray.Rows) / 12);
        Rect[] faces;
        lock (_gate)
        {
            faces = _cascade.DetectMultiScale(gray, scaleFactor: 1.1, minNeighbors: 5, minSize: new Size(smallest, smallest));
        }
        return faces.Select(f => new Rect((int)(f.X / scale), (int)(f.Y / scale), (int)(f.Width / scale), (int)(f.Height / scale))).ToArray();
    }

    public void Dispose() => _cascade.Dispose();
}
