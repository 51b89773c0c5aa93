using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Scenes;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// End-to-end <c>POST /api/classify-video/sync</c> of 60 s 1080p clips through the real API and worker processes
/// (upload, store, probe, the scene pass, quality, faces, scoring, poster, verdict recorded), warm, against decoding
/// the same clip with <c>ffmpeg -f null</c>.
/// </summary>
public sealed class ClassifyBenchmark : IBenchmark
{
    private const double Seconds = 60;

    public string Name => "classify";
    public string Title => "classify-video end to end vs. ffmpeg decode-only";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var root = Path.Combine(context.WorkDirectory, "classify");
        Directory.CreateDirectory(root);
        // The scene tests' edit (cuts, dissolve, fade, flashes, pans and zooms, every shot moving) stretched to a minute, with
        // x264's default keyframes (one at every cut: GOPs are whole shots); the long-shot edit stretched to a minute in
        // fixed 4 s GOPs (cuts inside GOPs, as streaming encoders and cameras make them).
        (string Label, string File, IReadOnlyList<Shot> Edit, IReadOnlyList<string>? Encoder)[] clips =
        [
            ("60 s 1080p edit, x264 default keyframes", "edit-1080p.mp4", CutVideo.StandardEdit(Seconds / CutVideo.DurationOf(CutVideo.StandardEdit())), null),
            ("60 s 1080p long shots, 4 s GOPs", "long-shots-1080p.mp4", CutVideo.LongShotEdit(Seconds / CutVideo.DurationOf(CutVideo.LongShotEdit())), CutVideo.FixedGop(4)),
        ];
        var repetitions = Math.Min(context.Repetitions, 3);
        var videos = new List<(string Label, CutVideo Video, Queue<string> Copies)>();
        foreach (var (label, file, shots, encoder) in clips)
        {
            var video = await CutVideo.MakeAsync(Path.Combine(root, file), shots, 1920, 1080, encoder: encoder);
            // The API answers the same bytes from their stored verdict, so every request gets its own copy (differing in metadata only).
            var copies = new Queue<string>();
            for (var i = 0; i <= repetitions; i++)
            {
                var copy = Path.Combine(root, $"{Path.GetFileNameWithoutExtension(file)}-{i}.mp4");
                await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-y", "-i", video.Path, "-c", "copy", "-metadata", $"comment=bench-{Guid.NewGuid():N}", copy), cancellationToken);
                copies.Enqueue(copy);
            }
            videos.Add((label, video, copies));
        }

        await using var system = await LocalSystem.StartAsync(Path.Combine(root, "system"), withWorker: true, new Dictionary<string, string?>(), cancellationToken);
        // Warm: the worker loads the model on its first classification.
        await ClassifyAsync(system.Client, await ShortClipAsync(root), cancellationToken);

        var rows = new List<BenchmarkRow>();
        var details = new List<string>();
        foreach (var (label, video, copies) in videos)
        {
            var verdicts = new List<JsonElement>();
            var medians = await Timing.InterleavedMediansAsync(repetitions,
                async () => verdicts.Add(await ClassifyAsync(system.Client, copies.Dequeue(), cancellationToken)),
                () => FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-i", video.Path, "-an", "-f", "null", "-"), cancellationToken));
            var (ours, decode) = (medians[0].Wall, medians[1].Wall);
            // The warm-up round's verdict is not counted, as its times are not.
            var timed = verdicts.Skip(1).ToList();
            var verdict = timed[^1];
            var stages = verdict.GetProperty("stage_ms").EnumerateObject().Select(p => p.Name).ToDictionary(name => name,
                name => Timing.Median(timed.Select(v => v.GetProperty("stage_ms").GetProperty(name).GetDouble() / 1000)));
            var analysis = TimeSpan.FromSeconds(Timing.Median(timed.Select(v => v.GetProperty("stage_ms").EnumerateObject().Sum(p => p.Value.GetDouble()) / 1000)));
            var cuts = verdict.GetProperty("cuts").EnumerateArray().Select(c => c.GetDouble()).ToList();
            var score = BoundaryScore.Of(video.Boundaries.Where(b => b.IsCut).ToList(), cuts.Select(c => (c, c)));
            details.Add(string.Create(CultureInfo.InvariantCulture,
                $"{label} ({new FileInfo(video.Path).Length / (1024.0 * 1024):F1} MiB): last verdict {verdict.GetProperty("keyframes").GetArrayLength()} keyframes, " +
                $"{cuts.Count} cuts (against the edit's hard cuts: {score}); worker stages (medians) ") +
                string.Join(", ", stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:F2} s"))) + ".");
            rows.Add(new BenchmarkRow($"classify-video sync, {label} (request to verdict)", S(ours), "ffmpeg decode only", S(decode), ours / decode));
            rows.Add(new BenchmarkRow($"worker analysis stages, {label} (probe + scenes + quality/faces + scoring)", S(analysis), "ffmpeg decode only", S(decode), analysis / decode));
        }

        return new BenchmarkReport(
            "Inputs, 1920x1080, 25 fps, H.264 veryfast CRF 23, each sent as the raw body of `POST /api/classify-video/sync` to the API " +
            "and worker running as their own processes (Release, filesystem store, real PostgreSQL and Redis, default settings: keyframes 3..24): " +
            "the scene tests' edit of 9 wallpaper photos stretched to 60 s with x264's default keyframes (a keyframe at every cut: each GOP is a whole, moving shot, " +
            "so the scene pass decodes nearly all of it at analysis rate), and the long-shot edit stretched to 60 s in fixed 4 s GOPs. " +
            $"Warm: one classification of a short clip first (model load). Median of {repetitions} interleaved rounds after a warm-up round, " +
            "each request on a byte-different copy (the API answers known bytes from their stored verdict). " +
            "Baseline: `ffmpeg -i clip -an -f null -` (decode only, default threads). Goal: <= 0.5x decode only. " +
            $"Machine {MachineLoad.Now()} at the end.\n\n" + string.Join("\n", details.Select(d => "- " + d)),
            rows);
    }

    private static async Task<JsonElement> ClassifyAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        var response = await client.PostAsync("/api/classify-video/sync", content, cancellationToken);
        if (!response.IsSuccessStatusCode || (int)response.StatusCode == 202)
            throw new InvalidOperationException($"classify-video/sync answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private static async Task<string> ShortClipAsync(string root)
    {
        var path = Path.Combine(root, "warm-up.mp4");
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=2",
            "-c:v", "libx264", "-preset", "ultrafast", path), CancellationToken.None);
        return path;
    }

    private static string S(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F2} s");

}
