using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.Tests.Scenes;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// Keyframe sampling (the whole scene stage: decode, detect, pick keyframes) against decoding alone with ffmpeg (the
/// bound: we cannot be faster than decoding every frame) and against ffmpeg's own scene detector, scdet, at its
/// default threshold, for speed and for boundary precision/recall on edits whose cuts we know.
/// </summary>
public sealed partial class SceneBenchmark : IBenchmark
{
    public string Name => "scenes";
    public string Title => "Scene detection and keyframe sampling vs. ffmpeg decode-only and ffmpeg scdet";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var repetitions = context.Repetitions;
        var rows = new List<BenchmarkRow>();
        var details = new List<string>();
        foreach (var (label, width, height) in new[] { ("720p", 1280, 720), ("1080p", 1920, 1080) })
        {
            var video = await CutVideo.MakeAsync(Path.Combine(context.WorkDirectory, $"scenes-{label}.mp4"), CutVideo.StandardEdit(), width, height);
            var frames = (int)Math.Round(video.Seconds * video.Fps);

            var detector = new SceneCutDetector();
            SceneAnalysis? last = null;
            string scdetLog = "";
            // Interleaved (one run of each, repeated) so that load from other work on the machine hits all alike.
            var (ours, decode, grab, scdet) = await InterleavedMediansAsync(repetitions,
                () =>
                {
                    last?.Dispose();
                    last = detector.Analyze(video.Path, new SceneDetectionOptions(), null, cancellationToken);
                    return Task.CompletedTask;
                },
                () => Ffmpeg(video.Path),
                () => GrabAll(video.Path),
                async () => scdetLog = await Ffmpeg(video.Path, "-vf", "scdet"));
            using var analysis = last!;

            var oursScore = BoundaryScore.Of(video.Boundaries, analysis.Cuts.Select(c => (c, c)).Concat(analysis.Transitions.Select(t => (t.Start, t.End))));
            var scdetCuts = ScdetTime().Matches(scdetLog).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            var scdetScore = BoundaryScore.Of(video.Boundaries, scdetCuts.Select(c => (c, c)));

            double oursFps = frames / ours.TotalSeconds, decodeFps = frames / decode.TotalSeconds, scdetFps = frames / scdet.TotalSeconds;
            var grabFps = frames / grab.TotalSeconds;
            rows.Add(new BenchmarkRow($"{label} keyframe sampling speed", Fps(oursFps), "ffmpeg decode only", Fps(decodeFps), oursFps / decodeFps));
            rows.Add(new BenchmarkRow($"{label} keyframe sampling speed", Fps(oursFps), "OpenCV VideoCapture.Grab only", Fps(grabFps), oursFps / grabFps));
            rows.Add(new BenchmarkRow($"{label} decode speed (context)", Fps(grabFps) + " (OpenCV grab)", "ffmpeg decode only", Fps(decodeFps), grabFps / decodeFps));
            rows.Add(new BenchmarkRow($"{label} keyframe sampling speed", Fps(oursFps), "ffmpeg scdet", Fps(scdetFps), oursFps / scdetFps));
            rows.Add(new BenchmarkRow($"{label} boundary F1 (P / R)", Score(oursScore), "ffmpeg scdet", Score(scdetScore), oursScore.F1 / Math.Max(0.01, scdetScore.F1)));
            details.Add(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {frames} frames, {analysis.Keyframes.Count} keyframes; ours {oursScore}; scdet {scdetScore}, cuts at [{string.Join(", ", scdetCuts.Select(c => c.ToString("F2", CultureInfo.InvariantCulture)))}]."));
        }

        return new BenchmarkReport(
            $"Input: the test suite's edit of 9 wallpaper photos (Debian plasma-workspace-wallpapers) made with ffmpeg zoompan at 720p and 1080p, " +
            $"25 fps, {CutVideo.StandardEdit().Sum(s => s.Seconds) - 2 * CutVideo.TransitionSeconds:F1} s, H.264 veryfast: 6 hard cuts, 1 dissolve, 1 fade through black, " +
            "zooms, slow and fast pans and 4 flashes (1-3 frames). " +
            $"Median of {repetitions} interleaved runs after a warm-up. Speed is frames per second of wall time (higher is better; ratio = ours / baseline, goal >= 0.9 against decode only). " +
            "Baselines: `ffmpeg -i x -f null -` (decoding every frame, the bound), OpenCV `VideoCapture.Grab()` over every frame (the same " +
            "decode through OpenCvSharp's bundled FFmpeg, which the stage uses) and `ffmpeg -i x -vf scdet -f null -` (default threshold 10). " +
            $"F1: a detection matches a known boundary it overlaps within {BoundaryScore.ToleranceSeconds} s, one match each. Machine load at the start: {Load()}.\n\n" +
            string.Join("\n", details.Select(d => "- " + d)),
            rows);
    }

    private static async Task<(TimeSpan, TimeSpan, TimeSpan, TimeSpan)> InterleavedMediansAsync(int repetitions, params Func<Task>[] actions)
    {
        var times = actions.Select(_ => new List<TimeSpan>()).ToArray();
        for (var r = 0; r <= repetitions; r++)
        for (var i = 0; i < actions.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            await actions[i]();
            if (r > 0) times[i].Add(watch.Elapsed); // round 0 is the warm-up
        }
        var medians = times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
        return (medians[0], medians[1], medians[2], medians[3]);
    }

    /// <summary>Decoding every frame through OpenCvSharp without converting any: the bound for anything built on
    /// VideoCapture, whose bundled FFmpeg is what the stage decodes with.</summary>
    private static Task GrabAll(string path)
    {
        using var capture = new OpenCvSharp.VideoCapture(path, OpenCvSharp.VideoCaptureAPIs.FFMPEG);
        while (capture.Grab()) { }
        return Task.CompletedTask;
    }

    private static async Task<string> Ffmpeg(string path, params string[] filter)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-hide_banner", "-nostats", "-i", path, .. filter, "-an", "-f", "null", "-"]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await stdout;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {stderr}");
        return stderr;
    }

    [GeneratedRegex(@"lavfi\.scd\.time:\s*([0-9.]+)")]
    private static partial Regex ScdetTime();

    private static string Fps(double fps) => string.Create(CultureInfo.InvariantCulture, $"{fps:F0} fps");

    private static string Score(BoundaryScore s) => string.Create(CultureInfo.InvariantCulture, $"{s.F1:F2} ({s.Precision:F2} / {s.Recall:F2})");

    private static string Load() => File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
