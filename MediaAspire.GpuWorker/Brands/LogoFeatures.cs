using System.Buffers.Binary;
using OpenCvSharp;
using OpenCvSharp.Features2D;

using MediaAspire.Platform.Brands;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>A logo file that cannot be used, and why (the logo job's failure, which the API answers with 400).</summary>
public sealed class LogoRejectedException(string title, string reason) : Exception(reason)
{
    public string Title { get; } = title;
}

/// <summary>
/// Local features of a logo, computed once when it is added (<see cref="Normalise"/>, by the logo job: the worker holds
/// OpenCV's native libraries, the API's small image does not) and read back by every job and live segment
/// (<see cref="Read"/>), so matching never decodes a logo file again.
/// <para>SIFT: of OpenCV's keypoint detectors it is the one whose descriptors survive the scale changes, rotations,
/// blending with a background and compression a logo meets on screen; ORB's binary descriptors broke down on
/// semi-transparent overlays. The logo is brought to a longest side of <see cref="MinSide"/>–<see cref="MaxSide"/> px
/// first (small files upscaled so they yield keypoints at all, large ones reduced, since a logo is rarely shown larger),
/// and its alpha channel, eroded by a few pixels, masks the detector: keypoints come from the logo, not from whatever
/// colour its transparent pixels happen to hold.</para>
/// <para>Stored layout (<see cref="StoredLogoFeatures.Kind"/>): int32 count, int32 descriptor length, count × (float32 x, float32 y) in the
/// normalised logo's pixels, then count × length descriptor bytes (OpenCV's SIFT values are integers 0–255 already, so
/// a byte each loses nothing and keeps a logo's features at ~70 KB).</para>
/// </summary>
public static class LogoFeatures
{
    public const int MinSide = 240;
    public const int MaxSide = 480;

    /// <summary>Fewer keypoints than this and a logo cannot be told apart reliably (RANSAC needs a few times 4).</summary>
    public const int MinKeypoints = 16;

    private const int MaxKeypoints = 800;
    private const int DescriptorLength = 128;

    /// <summary>The detector every logo and every frame is described with, so their descriptors compare.</summary>
    public static SIFT CreateDetector(int maxKeypoints) => SIFT.Create(maxKeypoints);

    /// <summary>Decodes, normalises and describes a logo file (PNG or JPEG, with or without alpha).</summary>
    /// <exception cref="LogoRejectedException">It does not decode, or has too little detail to be found.</exception>
    public static NormalisedLogo Normalise(byte[] file)
    {
        using var decoded = Cv2.ImDecode(file, ImreadModes.Unchanged);
        if (decoded.Empty()) throw new LogoRejectedException("Unreadable image", "The file could not be decoded as a PNG or JPEG image (damaged or truncated?).");
        using var eight = ToEightBit(decoded);
        using var bgra = ToBgra(eight, out var hasAlpha);
        var longest = Math.Max(bgra.Cols, bgra.Rows);
        var scale = longest < MinSide ? (double)MinSide / longest : longest > MaxSide ? (double)MaxSide / longest : 1;
        using var sized = new Mat();
        var size = new Size(Math.Max(1, (int)Math.Round(bgra.Cols * scale)), Math.Max(1, (int)Math.Round(bgra.Rows * scale)));
        Cv2.Resize(bgra, sized, size, interpolation: scale > 1 ? InterpolationFlags.Cubic : InterpolationFlags.Area);

        using var gray = new Mat();
        Cv2.CvtColor(sized, gray, ColorConversionCodes.BGRA2GRAY);
        // Without alpha every pixel may hold a keypoint (an all-white mask).
        using var mask = hasAlpha ? OpaqueMask(sized) : new Mat(gray.Size(), MatType.CV_8UC1, OpenCvSharp.Scalar.All(255));
        using var detector = CreateDetector(MaxKeypoints);
        using var descriptors = new Mat();
        detector.DetectAndCompute(gray, mask, out var keypoints, descriptors);
        if (keypoints.Length < MinKeypoints)
            throw new LogoRejectedException("Logo too plain", $"Only {keypoints.Length} distinctive points were found in the logo (at least {MinKeypoints} are needed to recognise it): use a larger or more detailed file.");

        using var stored = hasAlpha ? sized.Clone() : new Mat();
        if (!hasAlpha) Cv2.CvtColor(sized, stored, ColorConversionCodes.BGRA2BGR);
        Cv2.ImEncode(".png", stored, out var png);
        return new NormalisedLogo(png, size.Width, size.Height, hasAlpha, keypoints.Length, StoredLogoFeatures.Kind, Serialize(keypoints, descriptors));
    }

    /// <summary>The features as stored (<see cref="Normalise"/>): keypoint positions and a CV_32F descriptor matrix (caller disposes).</summary>
    public static (Point2f[] Points, Mat Descriptors) Read(byte[] features)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(features);
        var length = BinaryPrimitives.ReadInt32LittleEndian(features.AsSpan(4));
        if (count <= 0 || length != DescriptorLength || features.Length != 8 + count * (8 + length))
            throw new InvalidDataException($"Logo features are not in the {StoredLogoFeatures.Kind} layout.");
        var points = new Point2f[count];
        for (var i = 0; i < count; i++)
            points[i] = new Point2f(BinaryPrimitives.ReadSingleLittleEndian(features.AsSpan(8 + 8 * i)),
                BinaryPrimitives.ReadSingleLittleEndian(features.AsSpan(12 + 8 * i)));
        using var bytes = Mat.FromPixelData(count, length, MatType.CV_8UC1, features[(8 + 8 * count)..]);
        var descriptors = new Mat();
        bytes.ConvertTo(descriptors, MatType.CV_32FC1);
        return (points, descriptors);
    }

    internal static byte[] Serialize(KeyPoint[] keypoints, Mat descriptors)
    {
        var count = keypoints.Length;
        var bytes = new byte[8 + count * (8 + DescriptorLength)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, count);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), DescriptorLength);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 + 8 * i), keypoints[i].Pt.X);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(12 + 8 * i), keypoints[i].Pt.Y);
        }
        using var asBytes = new Mat();
        descriptors.ConvertTo(asBytes, MatType.CV_8UC1);
        asBytes.GetArray(out byte[] values);
        values.CopyTo(bytes, 8 + 8 * count);
        return bytes;
    }

    private static Mat ToEightBit(Mat image)
    {
        var result = new Mat();
        if (image.Depth() == MatType.CV_8U) image.CopyTo(result);
        else if (image.Depth() == MatType.CV_16U) image.ConvertTo(result, MatType.CV_8U, 1.0 / 257);
        else throw new LogoRejectedException("Unsupported image", "Only 8- and 16-bit PNG and JPEG images are accepted.");
        return result;
    }

    private static Mat ToBgra(Mat image, out bool hasAlpha)
    {
        var bgra = new Mat();
        switch (image.Channels())
        {
            case 1: Cv2.CvtColor(image, bgra, ColorConversionCodes.GRAY2BGRA); break;
            case 3: Cv2.CvtColor(image, bgra, ColorConversionCodes.BGR2BGRA); break;
            case 4: image.CopyTo(bgra); break;
            default:
                bgra.Dispose();
                throw new LogoRejectedException("Unsupported image", $"Images with {image.Channels()} channels are not accepted.");
        }
        using var alpha = new Mat();
        Cv2.ExtractChannel(bgra, alpha, 3);
        Cv2.MinMaxLoc(alpha, out double lowest, out _);
        hasAlpha = lowest < 255;
        return bgra;
    }

    /// <summary>Where the logo is opaque, shrunk by a few pixels so no keypoint sits on the edge of the transparent part.</summary>
    private static Mat OpaqueMask(Mat bgra)
    {
        using var alpha = new Mat();
        Cv2.ExtractChannel(bgra, alpha, 3);
        var mask = new Mat();
        Cv2.Threshold(alpha, mask, 127, 255, ThresholdTypes.Binary);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(7, 7));
        Cv2.Erode(mask, mask, kernel);
        return mask;
    }
}
