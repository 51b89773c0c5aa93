namespace MediaAspire.GpuWorker.Scenes;

/// <summary>One scene analysis's file, frame size and sampling, shared by the decoding runs over it.</summary>
/// <param name="width">Keyframe width, even.</param>
/// <param name="height">Keyframe height, even.</param>
/// <param name="minSpacing">Least time between two analysed frames, seconds.</param>
internal sealed class ScenePass(string path, int width, int height, double minSpacing, double durationSeconds, IProgress<double>? progress, CancellationToken cancellation)
{
    private double _reported = double.NegativeInfinity;

    public string Path => path;
    public int Width => width;
    public int Height => height;
    public double MinSpacing => minSpacing;
    public double DurationSeconds => durationSeconds;
    public CancellationToken Cancellation => cancellation;

    /// <summary>Reports how far into the video the pass is: at most once per 1 %, never going back, below 1 (the
    /// stage reports 1 when its result is ready).</summary>
    public void Report(double time)
    {
        if (progress is null || durationSeconds <= 0) return;
        var fraction = Math.Min(0.99, time / durationSeconds);
        if (fraction < _reported + 0.01) return;
        _reported = fraction;
        progress.Report(fraction);
    }
}
