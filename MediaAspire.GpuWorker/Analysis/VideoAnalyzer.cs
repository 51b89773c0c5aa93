using System.Diagnostics;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.GpuWorker.Scoring;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Analysis;

public sealed record AnalysisProgress(string Stage, double Fraction);

/// <summary>
/// Pipeline stage "understand": a local video or image in, a <see cref="MediaAnalysis"/> out. Probe,
/// one decoding pass for scenes and keyframes, then per keyframe quality, faces and class scores
/// (batched), folded into a verdict. Shared by the CLI, the worker and the tests.
/// </summary>
public sealed class VideoAnalyzer(MediaProber prober, ContentClassifier classifier, FaceDetector faces) 
{
    private readonly FrameQualityAnalyzer _quality = new();
    private readonly SceneCutDetector _scenes = new();

    public async Task<MediaAnalysis> AnalyzeAsync(string path, AnalysisOptions options, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        var timings = new Dictionary<string, double>();
        var watch = Stopwatch.StartNew();
        progress?.Report(new AnalysisProgress("probe", 0));
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
            var keyframes = Score(frames, timings, watch);
            var verdict = VerdictAggregator.Aggregate(keyframes, options);
            return new MediaAnalysis(path, MediaKind.Image, probe, [new Scene(0, 0)], [], keyframes,
                verdict, Model, classifier.Device, timings, PosterJpeg(frames, verdict));
        }

        var sceneProgress = progress is null ? null : new StageProgress(progress, "scenes");
        using var scenes = _scenes.Analyze(path, probe, new SceneDetectionOptions { MinKeyframes = options.MinKeyframes, MaxKeyframes = options.MaxKeyframes },
            sceneProgress, cancellationToken);
        timings["scenes"] = Lap(watch);
        if (scenes.Keyframes.Count == 0) throw new UnreadableMediaException("No frame of the video could be decoded.");
        progress?.Report(new AnalysisProgress("scoring", 0));
        var sampled = scenes.Keyframes.Select(k => (k.Time, k.Scene, k.Image)).ToList();
        var results = Score(sampled, timings, watch);
        progress?.Report(new AnalysisProgress("scoring", 1));
        var videoVerdict = VerdictAggregator.Aggregate(results, options);
        return new MediaAnalysis(path, MediaKind.Video, probe, scenes.Scenes, scenes.Cuts, results,
            videoVerdict, Model, classifier.Device, timings, PosterJpeg(sampled, videoVerdict));
    }

    private string Model => $"{classifier.ModelName}@{classifier.ModelVersion}";

    /// <summary>Encoded while the keyframe images are alive (the scene analysis owns and then disposes them).</summary>
    private static byte[]? PosterJpeg(IReadOnlyList<(double Time, int Scene, Mat Image)> frames, Verdict verdict)
    {
        if (verdict.PosterTime is not { } posterTime) return null;
        var poster = frames.MinBy(f => Math.Abs(Math.Round(f.Time, 3) - posterTime));
        return poster.Image.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
    }

    private List<KeyframeResult> Score(IReadOnlyList<(double Time, int Scene, Mat Image)> frames,
        Dictionary<string, double> timings, Stopwatch watch)
    {
        var quality = frames.Select(f => _quality.Measure(f.Image)).ToList();
        var faceCounts = frames.Select(f => faces.Count(f.Image)).ToList();
        timings["quality_faces"] = Lap(watch);
        var scores = classifier.Score(frames.Select(f => f.Image).ToList());
        timings["scoring"] = Lap(watch);
        return frames.Select((f, i) => new KeyframeResult(Math.Round(f.Time, 3), f.Scene, quality[i], faceCounts[i], scores[i])).ToList();
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
    private sealed class StageProgress(IProgress<AnalysisProgress> target, string stage) : IProgress<double>
    {
        public void Report(double value) => target.Report(new AnalysisProgress(stage, value));
    }
}
