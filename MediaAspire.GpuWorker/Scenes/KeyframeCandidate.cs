using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>The sharpest frame seen so far in one time bin, kept as a reduced BGR copy (its Mat is reused).</summary>
internal sealed class KeyframeCandidate : IDisposable
{
    public int Frame { get; private set; }
    public double Time { get; private set; }
    public double Sharpness { get; private set; }
    public int Scene { get; set; } = -1;
    public Mat Image { get; } = new();

    public void Take(int frame, double time, double sharpness, Mat bgr, int maxSide)
    {
        (Frame, Time, Sharpness) = (frame, time, sharpness);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(bgr.Cols, bgr.Rows));
        if (scale >= 1) bgr.CopyTo(Image);
        else Cv2.Resize(bgr, Image, new Size(Math.Max(1, (int)Math.Round(bgr.Cols * scale)), Math.Max(1, (int)Math.Round(bgr.Rows * scale))),
            interpolation: InterpolationFlags.Area);
    }

    public Keyframe ToKeyframe() => new(Time, Scene, Image, Sharpness);

    public void Dispose() => Image.Dispose();
}
