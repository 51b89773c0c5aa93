using MediaAspire.GpuWorker.Imaging;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Assets;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Pipeline stage "scenes": a video file in, its scenes, cuts, gradual transitions and keyframes out, from ONE
/// forward decoding pass (no seeking). Cost is linear in frames and memory flat: ffmpeg hands over frames
/// already reduced to keyframe size as I420 (<see cref="FfmpegFrameReader"/>), the per-frame work is on a 320-pixel-wide
/// copy, the detector keeps a fixed ring of frame signatures and the collector a bounded set of keyframe
/// candidates. See <see cref="TransitionDetector"/> and <see cref="KeyframeCollector"/>.
/// </summary>
public sealed class SceneCutDetector
{
    /// <summary>For callers without a probe of the file (tools, tests): probes it first.</summary>
    /// <exception cref="UnreadableMediaException">The file has no decodable video.</exception>
    public SceneAnalysis Analyze(string path, SceneDetectionOptions options, IProgress<double>? progress, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new FileNotFoundException("The video file does not exist.", path);
        return Analyze(path, new MediaProber().ProbeAsync(path, ct).GetAwaiter().GetResult(), options, progress, ct);
    }

    /// <exception cref="UnreadableMediaException">The file has no decodable video.</exception>
    public SceneAnalysis Analyze(string path, MediaProbe probe, SceneDetectionOptions options, IProgress<double>? progress, CancellationToken ct)
    {
        options.Validate();
        if (probe.PrimaryVideo is not { } video) throw new UnreadableMediaException("The file has no video stream that can be decoded.");

        var fps = video.AverageFrameRate is > 0 and < 1000 ? video.AverageFrameRate : video.FrameRate is > 0 and < 1000 ? video.FrameRate : 25;
        // At most MaxAnalysisFps frames a second are analysed: 12-15 looks a second see every cut and fade, and the
        // reduction and analysis would otherwise cost as much as decoding. That is every stride-th frame; the reader
        // keeps frames at least a quarter frame less than stride frames apart (timestamps jitter).
        var stride = Math.Max(1, (int)Math.Ceiling(fps / options.MaxAnalysisFps - 1e-9));
        var sampleRate = fps / stride;
        var minSpacing = (stride - 0.25) / fps;
        var durationSeconds = video.DurationSeconds > 0 ? video.DurationSeconds : probe.DurationSeconds;
        var expectedSamples = Math.Max(1, durationSeconds * sampleRate);
        var (width, height) = KeyframeSize(video.DisplayWidth, video.DisplayHeight, options.KeyframeMaxSide);

        var detector = new TransitionDetector(options, sampleRate);
        using var analyzer = new FrameAnalyzer(options.AnalysisWidth);
        using var collector = new KeyframeCollector(options, sampleRate);
        using var frames = FfmpegFrameReader.Open(path, width, height, minSpacing, ct);
        var cuts = new List<double>();
        var transitions = new List<GradualTransition>();

        var samples = 0;
        var lastTime = double.NegativeInfinity;
        var progressStep = Math.Max(1, (int)(expectedSamples / 100));
        while (frames.Read(out var reported, ct))
        {
            // Frames without a usable timestamp (or going back) are placed one sample after the previous one.
            var time = double.IsFinite(reported) && reported > lastTime ? reported : Math.Max(samples / sampleRate, lastTime + 1 / sampleRate);
            lastTime = time;
            var sharpness = analyzer.Analyze(frames.Frame, detector.NextSignature);
            collector.Offer(samples++, time, sharpness, frames.Frame);
            Apply(detector.Push(time), detector.Flashes, collector, cuts, transitions);
            if (samples % progressStep == 0) progress?.Report(Math.Min(0.99, samples / expectedSamples));
        }
        if (samples == 0) throw new UnreadableMediaException("The video stream has no frames that can be decoded.");

        Apply(detector.Finish(), detector.Flashes, collector, cuts, transitions);
        // Where the frames ended, unless the container knows better: the last frame handed out is at most one sample
        // spacing before the end of the video. Frames that stop well short of the probed length (a damaged file)
        // end the scenes there.
        var framesEnd = lastTime + stride / fps;
        var duration = durationSeconds > 0 && durationSeconds - framesEnd < 0.5 ? Math.Max(durationSeconds, lastTime + 1 / fps) : framesEnd;
        var keyframes = collector.Finish(duration);
        progress?.Report(1);
        return new SceneAnalysis(collector.Scenes.ToList(), cuts, transitions, keyframes, fps, duration);
    }

    /// <summary>The display size scaled so its longest side is at most <paramref name="maxSide"/> (never enlarged),
    /// in even numbers of pixels (the frames travel as I420).</summary>
    private static (int Width, int Height) KeyframeSize(int width, int height, int maxSide)
    {
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));
        return (EvenPixels.Round(width * scale), EvenPixels.Round(height * scale));
    }

    private static void Apply(IReadOnlyList<Boundary> boundaries, IReadOnlyList<(int First, int Last)> flashes,
        KeyframeCollector collector, List<double> cuts, List<GradualTransition> transitions)
    {
        foreach (var (first, last) in flashes) collector.Discard(first, last);
        foreach (var boundary in boundaries)
        {
            if (boundary.IsCut) cuts.Add(boundary.Start);
            else transitions.Add(new GradualTransition(boundary.Start, boundary.End));
            collector.Close(boundary);
        }
    }
}
