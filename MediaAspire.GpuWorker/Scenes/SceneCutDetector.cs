using MediaAspire.GpuWorker.Probe;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Pipeline stage "scenes": a video file in, its scenes, cuts, gradual transitions and keyframes out, from ONE
/// forward decoding pass (no seeking). Cost is linear in frames and memory flat: the per-frame work is on a
/// 320-pixel-wide copy, the detector keeps a fixed ring of frame signatures and the collector a bounded set of
/// reduced keyframe candidates. See <see cref="TransitionDetector"/> and <see cref="KeyframeCollector"/>.
/// <para>Rotation: OpenCV's FFmpeg backend applies the stream's display matrix by default
/// (<c>CAP_PROP_ORIENTATION_AUTO</c> reads 1 after opening), so a portrait phone video yields upright, portrait
/// frames and keyframes; the detector sets it explicitly so this does not depend on the build's default.</para>
/// </summary>
public sealed class SceneCutDetector
{
    /// <exception cref="UnreadableMediaException">The file has no decodable video.</exception>
    public SceneAnalysis Analyze(string path, SceneDetectionOptions options, IProgress<double>? progress, CancellationToken ct)
    {
        options.Validate();
        if (!File.Exists(path)) throw new FileNotFoundException("The video file does not exist.", path);

        using var capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG);
        if (!capture.IsOpened()) throw new UnreadableMediaException("The file has no video stream that can be decoded.");
        capture.Set(VideoCaptureProperties.OrientationAuto, 1);

        var fps = capture.Fps is > 0 and < 1000 ? capture.Fps : 25;
        // Every frame is decoded (Grab), but only every stride-th is converted to BGR and analysed (Retrieve):
        // conversion and analysis cost as much as decoding, and 12-15 looks a second see every cut and fade.
        var stride = Math.Max(1, (int)Math.Ceiling(fps / options.MaxAnalysisFps - 1e-9));
        var sampleRate = fps / stride;
        var expectedFrames = Math.Max(1, capture.FrameCount);
        var detector = new TransitionDetector(options, sampleRate);
        using var analyzer = new FrameAnalyzer(options.AnalysisWidth);
        using var collector = new KeyframeCollector(options, sampleRate);
        using var frame = new Mat();
        using var reduced = new Mat();
        var cuts = new List<double>();
        var transitions = new List<GradualTransition>();

        int frames = 0, samples = 0;
        var lastTime = double.NegativeInfinity;
        var progressStep = Math.Max(1, expectedFrames / 100);
        while (capture.Grab())
        {
            ct.ThrowIfCancellationRequested();
            var time = FrameTime(capture, frames, fps, lastTime);
            lastTime = time;
            if (frames++ % stride == 0)
            {
                if (!capture.Retrieve(frame) || frame.Empty()) break;
                // One INTER_AREA reduction to keyframe size serves both the analysis and the keyframe candidates.
                var image = Reduce(frame, reduced, options.KeyframeMaxSide);
                var sharpness = analyzer.Analyze(image, detector.NextSignature);
                collector.Offer(samples++, time, sharpness, image);
                Apply(detector.Push(time), detector.Flashes, collector, cuts, transitions);
            }
            if (frames % progressStep == 0) progress?.Report(Math.Min(0.99, (double)frames / expectedFrames));
        }
        if (samples == 0) throw new UnreadableMediaException("The video stream has no frames that can be decoded.");

        Apply(detector.Finish(), detector.Flashes, collector, cuts, transitions);
        var duration = lastTime + 1 / fps;
        var keyframes = collector.Finish(duration);
        progress?.Report(1);
        return new SceneAnalysis(collector.Scenes.ToList(), cuts, transitions, keyframes, frames, fps, duration);
    }

    private static Mat Reduce(Mat frame, Mat reduced, int maxSide)
    {
        var scale = (double)maxSide / Math.Max(frame.Cols, frame.Rows);
        if (scale >= 1) return frame;
        Cv2.Resize(frame, reduced, new Size(Math.Max(1, (int)Math.Round(frame.Cols * scale)), Math.Max(1, (int)Math.Round(frame.Rows * scale))),
            interpolation: InterpolationFlags.Area);
        return reduced;
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

    /// <summary>The frame's presentation time from the container (right for variable frame rate), falling back
    /// to counting frames when the backend reports none or time goes backwards.</summary>
    private static double FrameTime(VideoCapture capture, int index, double fps, double previous)
    {
        var seconds = capture.Get(VideoCaptureProperties.PosMsec) / 1000;
        return double.IsFinite(seconds) && seconds > previous ? seconds : Math.Max(index / fps, previous + 1 / fps);
    }
}
