using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Scenes;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// The whole scene stage (keyframes first, decode where content changed, detect, pick keyframes) against decoding every
/// frame with ffmpeg, and against ffmpeg's own scene detector, scdet, at its default threshold, for speed and for
/// boundary precision/recall on edits whose boundaries we know, in several GOP structures including all-intra.
/// </summary>
public sealed partial class SceneBenchmark : IBenchmark
{
    public string Name => "scenes";
    public string Title => "Scene detection and keyframe sampling vs. ffmpeg decode-only and ffmpeg scdet";

    /// <summary>One input: the edit, its size and encoding, and whether ffmpeg's scdet and the noref-only decode run beside it too.</summary>
    private sealed record Input(string Label, IReadOnlyList<Shot> Edit, int Width, int Height, IReadOnlyList<string>? Encoder, bool AllBaselines);

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var loadAtStart = MachineLoad.Now();
        var rows = new List<BenchmarkRow>();
        var details = new List<string>();
        Input[] inputs =
        [
            new("1080p", CutVideo.StandardEdit(), 1920, 1080, null, true),
            new("1080p, 2 s GOPs", CutVideo.StandardEdit(), 1920, 1080, CutVideo.FixedGop(2), false),
            new("1080p long shots, 2 s GOPs", CutVideo.LongShotEdit(), 1920, 1080, CutVideo.FixedGop(2), false),
            new("1080p long shots, 10 s GOPs", CutVideo.LongShotEdit(), 1920, 1080, CutVideo.FixedGop(10), false),
            new("1080p held-out edit, HEVC 4 s GOPs", CutVideo.HeldOutEdit(), 1920, 1080, CutVideo.FixedGop(4, codec: "libx265"), false),
            new("1080p all-intra (worst case)", CutVideo.StandardEdit(), 1920, 1080, CutVideo.AllIntra, false),
        ];
        foreach (var input in inputs)
        {
            var name = new string(input.Label.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
            var video = await CutVideo.MakeAsync(Path.Combine(context.WorkDirectory, $"scenes-{name}.mp4"), input.Edit, input.Width, input.Height, encoder: input.Encoder);
            var frames = (int)Math.Round(video.Seconds * video.Fps);
            // 3 rounds: each input is minutes of work on the shared 2 cores.
            var repetitions = Math.Min(3, context.Repetitions);

            var detector = new SceneCutDetector();
            // The probe is its own stage (measured by the probe benchmark); the worker hands its result to this one.
            var probe = await new MediaProber().ProbeAsync(video.Path, cancellationToken);
            SceneAnalysis? last = null;
            string scdetLog = "";
            List<Func<Task>> runs =
            [
                () =>
                {
                    last?.Dispose();
                    last = detector.Analyze(video.Path, probe, new SceneDetectionOptions(), null, cancellationToken);
                    return Task.CompletedTask;
                },
                () => Ffmpeg(video.Path, []),
            ];
            if (input.AllBaselines)
            {
                runs.Add(() => Ffmpeg(video.Path, [], ["-skip_frame", "noref"]));
                runs.Add(async () => scdetLog = await Ffmpeg(video.Path, ["-vf", "scdet"]));
            }
            // Interleaved (one run of each, repeated) so that load from other work on the machine hits all alike.
            var medians = await Timing.InterleavedMediansAsync(repetitions, runs.ToArray());
            var (ours, decode) = (medians[0].Wall, medians[1].Wall);
            using var analysis = last!;

            var oursScore = BoundaryScore.Of(video.Boundaries, analysis.Cuts.Select(c => (c, c)).Concat(analysis.Transitions.Select(t => (t.Start, t.End))));
            double oursFps = frames / ours.TotalSeconds, decodeFps = frames / decode.TotalSeconds;
            var decoded = analysis.DecodedSeconds / analysis.DurationSeconds;
            rows.Add(new BenchmarkRow($"{input.Label} scene stage speed", Fps(oursFps), "ffmpeg decode only", Fps(decodeFps), oursFps / decodeFps));
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"{input.Label}: {frames} frames, {analysis.Keyframes.Count} keyframes, {decoded:P0} of the video decoded at analysis rate; ours {oursScore}");
            if (input.AllBaselines)
            {
                var referenceFps = frames / medians[2].Wall.TotalSeconds;
                var scdetFps = frames / medians[3].Wall.TotalSeconds;
                var scdetCuts = ScdetTime().Matches(scdetLog).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
                var scdetScore = BoundaryScore.Of(video.Boundaries, scdetCuts.Select(c => (c, c)));
                rows.Add(new BenchmarkRow($"{input.Label} scene stage speed", Fps(oursFps), "ffmpeg decoding the frames a full pass decodes (-skip_frame noref)", Fps(referenceFps), oursFps / referenceFps));
                rows.Add(new BenchmarkRow($"{input.Label} scene stage speed", Fps(oursFps), "ffmpeg scdet", Fps(scdetFps), oursFps / scdetFps));
                rows.Add(new BenchmarkRow($"{input.Label} boundary F1 (P / R)", Score(oursScore), "ffmpeg scdet", Score(scdetScore), oursScore.F1 / Math.Max(0.01, scdetScore.F1)));
                detail += string.Create(CultureInfo.InvariantCulture,
                    $"; scdet {scdetScore}, cuts at [{string.Join(", ", scdetCuts.Select(c => c.ToString("F2", CultureInfo.InvariantCulture)))}]");
            }
            else
            {
                rows.Add(new BenchmarkRow($"{input.Label} boundary F1 (P / R)", Score(oursScore), "all boundaries found, none false", Score(new BoundaryScore(video.Boundaries.Count, 0, 0)), oursScore.F1));
            }
            details.Add(detail + ".");
        }

        return new BenchmarkReport(
            "Inputs: the test suite's edits of wallpaper photos (Debian plasma-workspace-wallpapers) made with ffmpeg zoompan at 1920x1080, 25 fps, H.264 (or HEVC) veryfast CRF 23: " +
            $"the standard edit ({CutVideo.DurationOf(CutVideo.StandardEdit()):F1} s: 6 hard cuts, 1 dissolve, 1 fade through black, zooms, slow and fast pans, 4 flashes of 1-3 frames, " +
            "every shot moving), the held-out edit, and the long-shot edit " +
            $"({CutVideo.DurationOf(CutVideo.LongShotEdit()):F0} s: 4 cuts, a dissolve, 2 flashes, stills, a slow pan and zooms). " +
            "Keyframes: x264's defaults (a keyframe at every cut, GOPs up to 10 s: GOPs are whole shots) unless a row says fixed GOPs " +
            "(`-g`, `-sc_threshold 0`: cuts fall inside GOPs) or all-intra (`-g 1`, the worst case: no keyframes-first pass, every frame decoded). " +
            $"Median of {Math.Min(3, context.Repetitions)} interleaved runs after a warm-up. " +
            "Speed is frames per second of wall time (higher is better; ratio = ours / baseline; the goal is >= 2x decode only on 1080p with 2-10 s GOPs). " +
            "Ours is the stage as the worker runs it (keyframes first where the mean GOP is at least 1.5 s), given the file's probe (the probe stage is measured on its own), on the CPU. " +
            "Baselines: `ffmpeg -i x -an -f null -` (decoding every frame), on the first also `ffmpeg -skip_frame noref -i x -an -f null -` " +
            "(the frames a full pass decodes) and `ffmpeg -i x -vf scdet -an -f null -` (default threshold 10). " +
            $"F1: a detection matches a known boundary it overlaps within {BoundaryScore.ToleranceSeconds} s, one match each. Machine {loadAtStart} at the start.\n\n" +
            string.Join("\n", details.Select(d => "- " + d)),
            rows);
    }

    /// <returns>Its log (scdet writes its detections there).</returns>
    private static async Task<string> Ffmpeg(string path, string[] filter, string[]? input = null)
    {
        var log = new StringBuilder();
        using var ffmpeg = FfmpegLauncher.Start(
            FfmpegCommand.Ffmpeg(["-hide_banner", "-nostats", .. input ?? [], "-i", path, .. filter, "-an", "-f", "null", "-"]), CancellationToken.None,
            onErrorLine: line =>
            {
                log.AppendLine(line);
                return false;
            });
        await ffmpeg.StandardOutput.ReadToEndAsync();
        await ffmpeg.CompleteAsync();
        return log.ToString();
    }

    [GeneratedRegex(@"lavfi\.scd\.time:\s*([0-9.]+)")]
    private static partial Regex ScdetTime();

    private static string Fps(double fps) => string.Create(CultureInfo.InvariantCulture, $"{fps:F0} fps");

    private static string Score(BoundaryScore s) => string.Create(CultureInfo.InvariantCulture, $"{s.F1:F2} ({s.Precision:F2} / {s.Recall:F2})");

}
