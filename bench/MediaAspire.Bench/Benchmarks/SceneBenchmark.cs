using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MediaAspire.GpuWorker.Probe;
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
        foreach (var (label, edit, width, height) in new[]
                 {
                     ("720p", CutVideo.StandardEdit(), 1280, 720), ("1080p", CutVideo.StandardEdit(), 1920, 1080), ("720p held-out edit", CutVideo.HeldOutEdit(), 1280, 720),
                 })
        {
            var video = await CutVideo.MakeAsync(Path.Combine(context.WorkDirectory, $"scenes-{label.Replace(' ', '-')}.mp4"), edit, width, height);
            var frames = (int)Math.Round(video.Seconds * video.Fps);

            var detector = new SceneCutDetector();
            // The probe is its own stage (measured by the probe benchmark); the worker hands its result to this one.
            var probe = await new MediaProber().ProbeAsync(video.Path, cancellationToken);
            SceneAnalysis? last = null;
            string scdetLog = "";
            // Interleaved (one run of each, repeated) so that load from other work on the machine hits all alike.
            var medians = await Timing.InterleavedMediansAsync(repetitions,
                () =>
                {
                    last?.Dispose();
                    last = detector.Analyze(video.Path, probe, new SceneDetectionOptions(), null, cancellationToken);
                    return Task.CompletedTask;
                },
                () => Ffmpeg(video.Path, []),
                () => Ffmpeg(video.Path, [], ["-skip_frame", "noref"]),
                async () => scdetLog = await Ffmpeg(video.Path, ["-vf", "scdet"]));
            var (ours, decode, referenceDecode, scdet) = (medians[0].Wall, medians[1].Wall, medians[2].Wall, medians[3].Wall);
            using var analysis = last!;

            var oursScore = BoundaryScore.Of(video.Boundaries, analysis.Cuts.Select(c => (c, c)).Concat(analysis.Transitions.Select(t => (t.Start, t.End))));
            var scdetCuts = ScdetTime().Matches(scdetLog).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            var scdetScore = BoundaryScore.Of(video.Boundaries, scdetCuts.Select(c => (c, c)));

            double oursFps = frames / ours.TotalSeconds, decodeFps = frames / decode.TotalSeconds, scdetFps = frames / scdet.TotalSeconds;
            var referenceFps = frames / referenceDecode.TotalSeconds;
            rows.Add(new BenchmarkRow($"{label} keyframe sampling speed", Fps(oursFps), "ffmpeg decode only", Fps(decodeFps), oursFps / decodeFps));
            rows.Add(new BenchmarkRow($"{label} keyframe sampling speed", Fps(oursFps), "ffmpeg decoding only the frames ours decodes (-skip_frame noref)", Fps(referenceFps), oursFps / referenceFps));
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
            "Ours is the stage as the worker runs it, given the file's probe (the probe stage runs before it and is measured on its own). " +
            "Baselines: `ffmpeg -i x -an -f null -` (decoding every frame, the bound the goal names), `ffmpeg -skip_frame noref -i x -an -f null -` " +
            "(decoding only the frames ours decodes: how much of our time is decoding) and `ffmpeg -i x -vf scdet -an -f null -` (default threshold 10). " +
            $"F1: a detection matches a known boundary it overlaps within {BoundaryScore.ToleranceSeconds} s, one match each. Machine {MachineLoad.Now()} at the start.\n\n" +
            string.Join("\n", details.Select(d => "- " + d)),
            rows);
    }

    private static async Task<string> Ffmpeg(string path, string[] filter, string[]? input = null)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-hide_banner", "-nostats", .. input ?? [], "-i", path, .. filter, "-an", "-f", "null", "-"]) info.ArgumentList.Add(a);
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

}
