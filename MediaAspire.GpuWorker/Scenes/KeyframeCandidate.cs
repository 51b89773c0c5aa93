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

    /// <param name="bgr">Already reduced to keyframe size: copied as is.</param>
    public void Take(int frame, double time, double sharpness, Mat bgr)
    {
        (Frame, Time, Sharpness) = (frame, time, sharpness);
        bgr.CopyTo(Image);
    }

    public Keyframe ToKeyframe() => new(Time, Scene, Image, Sharpness);

    public void Dispose() => Image.Dispose();
}
