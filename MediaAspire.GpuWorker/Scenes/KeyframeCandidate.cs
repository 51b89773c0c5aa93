using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// The sharpest frame seen so far in one time bin, kept at keyframe size as I420 (its Mat is reused). Most
/// candidates are replaced or released, so the copy stays I420, half the bytes and a fraction of the cost of a
/// conversion; only the ones that become keyframes are converted to BGR.
/// </summary>
internal sealed class KeyframeCandidate : IDisposable
{
    private readonly Mat _i420 = new();

    public int Frame { get; private set; }
    public double Time { get; private set; }
    public double Sharpness { get; private set; }
    public int Scene { get; set; } = -1;

    /// <param name="i420">Already reduced to keyframe size (as <see cref="FfmpegFrameReader.Frame"/>): copied as is.</param>
    public void Take(int frame, double time, double sharpness, Mat i420)
    {
        (Frame, Time, Sharpness) = (frame, time, sharpness);
        i420.CopyTo(_i420);
    }

    /// <summary>The keyframe, with a BGR image of its own.</summary>
    public KeyframeImage ToKeyframe()
    {
        var bgr = new Mat();
        Cv2.CvtColor(_i420, bgr, ColorConversionCodes.YUV2BGR_I420);
        return new KeyframeImage(Time, Scene, bgr, Sharpness);
    }

    public void Dispose() => _i420.Dispose();
}
