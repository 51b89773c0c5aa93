using OpenCvSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// Turns an OpenCV BGR frame into the model's input exactly as nsfwjs does: RGB, scaled to [0, 1] by
/// dividing by 255, then (only when it is not already 224x224) resized with bilinear interpolation and
/// <c>alignCorners = true</c>. OpenCV's INTER_LINEAR samples at half-pixel centres, which is a different
/// image, so the resize is LibTorch's <c>interpolate(align_corners: true)</c>: the same formula as tfjs'
/// <c>resizeBilinear(alignCorners = true)</c> (source = target * (in - 1) / (out - 1)).
/// </summary>
internal static class FramePreprocessor
{
    public const int InputSize = 224;

    /// <returns>A [3, 224, 224] float32 CPU tensor.</returns>
    public static Tensor ToModelInput(Mat bgr)
    {
        if (bgr.Empty() || bgr.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"Expected a non-empty 8-bit 3-channel BGR image, got {bgr.Type()} {bgr.Width}x{bgr.Height}.", nameof(bgr));

        using var pixels = empty([bgr.Rows, bgr.Cols, 3], ScalarType.Byte);
        // OpenCV writes the RGB conversion straight into the tensor's memory: one copy, no managed buffer.
        using (var storage = pixels.storage<byte>())
        using (var rgb = Mat.FromPixelData(bgr.Rows, bgr.Cols, MatType.CV_8UC3, storage.data_ptr()))
            Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);

        using var channelsFirst = pixels.permute(2, 0, 1);
        var scaled = channelsFirst.to_type(ScalarType.Float32).div_(255f);
        if (bgr.Rows == InputSize && bgr.Cols == InputSize) return scaled;

        using (scaled)
        using (var batch = scaled.unsqueeze(0))
        using (var resized = nn.functional.interpolate(batch, [InputSize, InputSize], mode: InterpolationMode.Bilinear, align_corners: true))
            return resized.squeeze(0);
    }
}
