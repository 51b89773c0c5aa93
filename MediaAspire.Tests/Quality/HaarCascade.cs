using OpenCvSharp;

namespace MediaAspire.Tests.Quality;

/// <summary>
/// The baseline BlazeFace replaced: OpenCV's frontal-face Haar cascade from Debian's opencv-data, with the settings the
/// worker used (grey, longest side 640, histogram equalised, scale step 1.1, 5 neighbours, faces from 1/12 of the
/// shorter side). Only the comparison test runs it.
/// </summary>
public sealed class HaarCascade : IDisposable
{
    private const string CascadePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
    private const int DetectSide = 640;
    private readonly CascadeClassifier _cascade;

    public HaarCascade()
    {
        if (!File.Exists(CascadePath))
            throw new FileNotFoundException($"{CascadePath} is missing: install Debian's opencv-data (scripts/install-prerequisites.sh --tests).", CascadePath);
        _cascade = new CascadeClassifier(CascadePath);
    }

    public Rect[] Find(Mat bgr)
    {
        using var gray = new Mat();
        Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
        var scale = Math.Min(1.0, (double)DetectSide / Math.Max(gray.Cols, gray.Rows));
        if (scale < 1) Cv2.Resize(gray, gray, new Size((int)Math.Round(gray.Cols * scale), (int)Math.Round(gray.Rows * scale)), interpolation: InterpolationFlags.Area);
        Cv2.EqualizeHist(gray, gray);
        var smallest = Math.Max(24, Math.Min(gray.Cols, gray.Rows) / 12);
        return _cascade.DetectMultiScale(gray, scaleFactor: 1.1, minNeighbors: 5, minSize: new Size(smallest, smallest))
            .Select(f => new Rect((int)(f.X / scale), (int)(f.Y / scale), (int)(f.Width / scale), (int)(f.Height / scale))).ToArray();
    }

    public void Dispose() => _cascade.Dispose();
}
