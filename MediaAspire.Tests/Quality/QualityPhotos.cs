using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;

namespace MediaAspire.Tests.Quality;

/// <summary>Real photos and degraded versions of them, made with OpenCV in the test.</summary>
public static class QualityPhotos
{
    /// <summary>Where scripts/install-prerequisites.sh unpacks scikit-image's sample photos (from Debian's python3-skimage).</summary>
    public const string SkimageData = "/usr/local/share/mediaaspire/skimage-data";

    public static Mat Skimage(string name)
    {
        var path = Path.Combine(SkimageData, name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: run scripts/install-prerequisites.sh (unpacks python3-skimage's sample photos).");
        return Cv2.ImRead(path, ImreadModes.Color);
    }

    public static Mat Wallpaper(string name)
    {
        using var full = Cv2.ImRead(CutVideo.Photo(name), ImreadModes.Color);
        var small = new Mat();
        Cv2.Resize(full, small, new Size(800, 500), interpolation: InterpolationFlags.Area);
        return small;
    }

    public static Mat Blurred(Mat photo)
    {
        var result = new Mat();
        Cv2.GaussianBlur(photo, result, new Size(0, 0), 3);
        return result;
    }

    public static Mat Noisy(Mat photo)
    {
        using var noise = new Mat(photo.Size(), MatType.CV_16SC3);
        Cv2.SetTheRNG(7);
        Cv2.Randn(noise, new OpenCvSharp.Scalar(0, 0, 0), new OpenCvSharp.Scalar(25, 25, 25));
        using var wide = new Mat();
        photo.ConvertTo(wide, MatType.CV_16SC3);
        Cv2.Add(wide, noise, wide);
        var result = new Mat();
        wide.ConvertTo(result, MatType.CV_8UC3);
        return result;
    }

    /// <summary>Brightness scaled by <paramref name="gain"/> and shifted by <paramref name="offset"/> (saturating).</summary>
    public static Mat Exposed(Mat photo, double gain, double offset)
    {
        var result = new Mat();
        photo.ConvertTo(result, MatType.CV_8UC3, gain, offset);
        return result;
    }

    public static Mat Jpeg(Mat photo, int quality)
    {
        Cv2.ImEncode(".jpg", photo, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        return Cv2.ImDecode(bytes, ImreadModes.Color);
    }
}
