using System.Diagnostics;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Verdicts;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Verdicts;

/// <summary>
/// Pipeline stage "verdict": a local video or image in, a <see cref="MediaVerdict"/> out. Probe,
/// one decoding pass for scenes and keyframes, then per keyframe quality, faces and class scores
/// (batched), folded into a verdict. Shared by the CLI, the worker and the tests.
/// <para>The classifier may still be loading (<see cref="VerdictPipeline(MediaProber, Task{ContentClassifier}, FaceDetector)"/>):
/// it is first needed after the probe and the decode, so the CLI loads LibTorch and the weights (about 0.3 s) while those
/// run instead of before them.</para>
/// </summary>
public sealed class VerdictPipeline(MediaProber prober, Task<ContentClassifier> classifier, FaceDetector faces)
{
    public VerdictPipeline(MediaProber prober, ContentClassifier classifier, FaceDetector faces) : this(prober, Task.FromResult(classifier), faces)
    {
    }

    private readonly FrameQualityAnalyzer _quality = new();
    private readonly SceneCutDetector _scenes = new();

    public async Task<MediaVerdict> RunAsync(string path, VerdictOptions options, IProgress<VerdictProgress>? progress, CancellationToken cancellationToken)
    {
        var timings = new Dictionary<string, double>();
        var watch = Stopwatch.StartNew();
        progress?.Report(new VerdictProgress("probe", 0));
        var probe = await prober.ProbeAsync(path, cancellationToken);
        timings["probe"] = Lap(watch);
        if (probe.VideoStreams.Count == 0)
            throw new UnreadableMediaException("The file has no picture to analyse (audio only).");
        if (options.MaxDurationSeconds is { } max && probe.DurationSeconds > max)
            throw new MediaTooLongException(probe.DurationSeconds, max);

        if (IsImage(probe))
        {
            using var image = Cv2.ImRead(path, ImreadModes.Color);
            if (image.Empty()) throw new UnreadableMediaException("The image could not be decoded.");
            timings["decode"] = Lap(watch);
            IReadOnlyList<(double, int, Mat)> frames = [(0.0, 0, image)];
            var (scored, scorer) = await ScoreAsync(frames, timings, watch);
            var verdict = VerdictAggregator.Aggregate(scored, options) with
            {
                Model = ModelOf(scorer), Device = scorer.Device, Kind = "image", DurationSeconds = probe.DurationSeconds,
                Scenes = [new Scene(0, 0)], StageMs = timings,
            };
            return new MediaVerdict(path, probe, verdict, PosterJpeg(frames, verdict), KeyframeJpegs(frames, verdict));
        }

        var sceneProgress = progress is null ? null : new StageProgress(progress, "scenes");
        using var scenes = _scenes.Analyze(path, probe, new SceneDetectionOptions { MinKeyframes = options.MinKeyframes, MaxKeyframes = options.MaxKeyframes },
            sceneProgress, cancellationToken);
        timings["scenes"] = Lap(watch);
        if (scenes.Keyframes.Count == 0) throw new UnreadableMediaException("No frame of the video could be decoded.");
        progress?.Report(new VerdictProgress("scoring", 0));
        var sampled = scenes.Keyframes.Select(k => (k.Time, k.Scene, k.Image)).ToList();
        var (keyframes, classifierUsed) = await ScoreAsync(sampled, timings, watch);
        progress?.Report(new VerdictProgress("scoring", 1));
        var videoVerdict = VerdictAggregator.Aggregate(keyframes, options) with
        {
            Model = ModelOf(classifierUsed), Device = classifierUsed.Device, Kind = "video", DurationSeconds = probe.DurationSeconds,
            Scenes = scenes.Scenes, Cuts = scenes.Cuts, StageMs = timings,
        };
        return new MediaVerdict(path, probe, videoVerdict, PosterJpeg(sampled, videoVerdict), KeyframeJpegs(sampled, videoVerdict));
    }

    private static string ModelOf(ContentClassifier classifier) => $"{classifier.ModelName}@{classifier.ModelVersion}";

    /// <summary>Encoded while the keyframe images are alive (the scene analysis owns and then disposes them).</summary>
    private static byte[]? PosterJpeg(IReadOnlyList<(double Time, int Scene, Mat Image)> frames, Verdict verdict)
    {
        if (verdict.PosterT is not { } posterTime) return null;
        return FrameAt(frames, posterTime).ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
    }

    /// <summary>Each keyframe <see cref="KeyframeWidth"/> px wide: enough for a strip, a few kB each.</summary>
    private static List<byte[]> KeyframeJpegs(IReadOnlyList<(double Time, int Scene, Mat Image)> frames, Verdict verdict) =>
        verdict.Keyframes.Select(k =>
        {
            var image = FrameAt(frames, k.T);
            using var small = new Mat();
            Cv2.Resize(image, small, new Size(KeyframeWidth, Math.Max(1, image.Rows * KeyframeWidth / Math.Max(1, image.Cols))), interpolation: InterpolationFlags.Area);
            return small.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 80));
        }).ToList();

    private const int KeyframeWidth = 192;

    /// <summary>The frame a verdict's time names (its times are rounded to the millisecond).</summary>
    private static Mat FrameAt(IReadOnlyList<(double Time, int Scene, Mat Image)> frames, double t) =>
        frames.MinBy(f => Math.Abs(Math.Round(f.Time, 3) - t)).Image;

    private async Task<(List<Keyframe> Keyframes, ContentClassifier Classifier)> ScoreAsync(IReadOnlyList<(double Time, int Scene, Mat Image)> frames,
        Dictionary<string, double> timings, Stopwatch watch)
    {
        var quality = frames.Select(f => _quality.Measure(f.Image)).ToList();
        var found = frames.Select(f => faces.Find(f.Image)).ToList();
        timings["quality_faces"] = Lap(watch);
        var scorer = await classifier;
        var scores = scorer.Score(frames.Select(f => f.Image).ToList());
        timings["scoring"] = Lap(watch);
        return (frames.Select((f, i) => new Keyframe(Math.Round(f.Time, 3), f.Scene, Math.Round(quality[i].Score, 4), found[i].Count,
            scores[i].ByClassName(), quality[i].Tags, found[i].Select(f => new FaceBox([f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height], f.Score)).ToList())).ToList(), scorer);
    }

    /// <summary>Still images probe as a single-frame "pipe" or image2 stream.</summary>
    private static bool IsImage(Platform.Assets.MediaProbe probe) =>
        probe.Container.EndsWith("_pipe", StringComparison.Ordinal) || probe.Container == "image2";

    private static double Lap(Stopwatch watch)
    {
        var elapsed = Math.Round(watch.Elapsed.TotalMilliseconds, 1);
        watch.Restart();
        return elapsed;
    }

    /// <summary>Forwards on the reporting thread, keeping order (<see cref="Progress{T}"/> would post each report to the thread pool).</summary>
    private sealed class StageProgress(IProgress<VerdictProgress> target, string stage) : IProgress<double>
    {
        public void Report(double value) => target.Report(new VerdictProgress(stage, value));
    }
}
