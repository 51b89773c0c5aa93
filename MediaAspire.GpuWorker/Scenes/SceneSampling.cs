using MediaAspire.Platform.Assets;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Which frames the scene detector looks at: at most <see cref="SceneDetectionOptions.MaxAnalysisFps"/> a second (12-15
/// looks a second see every cut and fade, and the reduction and analysis would otherwise cost as much as decoding).
/// That is every <see cref="Stride"/>-th frame; the reader keeps frames at least a quarter frame less than stride
/// frames apart (timestamps jitter). Shared by the file pass and the live analysis.
/// </summary>
internal sealed record SceneSampling(double FrameRate, int Stride)
{
    /// <summary>Frames analysed a second: the rate the detector's windows are counted in.</summary>
    public double SampleRate => FrameRate / Stride;

    /// <summary>Least time between two analysed frames, seconds.</summary>
    public double MinSpacing => (Stride - 0.25) / FrameRate;

    public static SceneSampling Of(VideoStreamInfo video, SceneDetectionOptions options)
    {
        var fps = FrameRateOf(video);
        return new SceneSampling(fps, Math.Max(1, (int)Math.Ceiling(fps / options.MaxAnalysisFps - 1e-9)));
    }

    /// <summary>Frames a second of the stream: the average rate, else the nominal one, else 25 where the container says neither.</summary>
    public static double FrameRateOf(VideoStreamInfo video) =>
        video.AverageFrameRate is > 0 and < 1000 ? video.AverageFrameRate : video.FrameRate is > 0 and < 1000 ? video.FrameRate : 25;
}
