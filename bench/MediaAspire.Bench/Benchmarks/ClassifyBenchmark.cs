using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Scenes;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// End-to-end <c>POST /api/classify-video/sync</c> of a 60 s 1080p clip through the real API and worker processes
/// (upload, store, probe, one decoding pass for scenes and keyframes, quality, faces, scoring, poster, verdict
/// recorded), warm, against decoding the same clip with <c>ffmpeg -f null</c>: the bound the issue sets a 1.2x target on.
/// </summary>
public sealed class ClassifyBenchmark : IBenchmark
{
    private const double Seconds = 60;

    public string Name => "classify";
    public string Title => "classify-video end to end vs. ffmpeg decode-only";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var root = Path.Combine(context.WorkDirectory, "classify");
        // The scene tests' edit (cuts, dissolve, fade, flashes, pans and zooms) stretched to a minute.
        var scale = Seconds / CutVideo.DurationOf(CutVideo.StandardEdit());
        Directory.CreateDirectory(root);
        var edit = await CutVideo.MakeAsync(Path.Combine(root, "edit-1080p.mp4"), CutVideo.StandardEdit(scale), 1920, 1080);
        var repetitions = Math.Min(context.Repetitions, 3);
        // The API answers the same bytes from their stored verdict, so every request gets its own copy (differing in metadata only).
        var copies = new Queue<string>();
        for (var i = 0; i <= repetitions; i++)
        {
            var copy = Path.Combine(root, $"clip-{i}.mp4");
            await Timing.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", edit.Path, "-c", "copy", "-metadata", $"comment=bench-{Guid.NewGuid():N}", copy);
            copies.Enqueue(copy);
        }

        await using var system = await LocalSystem.StartAsync(Path.Combine(root, "system"), withWorker: true, new Dictionary<string, string?>(), cancellationToken);
        // Warm: the worker loads the model on its first classification.
        await ClassifyAsync(system.Client, await ShortClipAsync(root), cancellationToken);

        var verdicts = new List<JsonElement>();
        var medians = await Timing.InterleavedMediansAsync(repetitions,
            async () => verdicts.Add(await ClassifyAsync(system.Client, copies.Dequeue(), cancellationToken)),
            () => Timing.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", edit.Path, "-an", "-f", "null", "-"));
        var (ours, decode) = (medians[0].Wall, medians[1].Wall);
        // The warm-up round's verdict is not counted, as its times are not.
        var timed = verdicts.Skip(1).ToList();
        var verdict = timed[^1];
        var stages = verdict.GetProperty("stage_ms").EnumerateObject().Select(p => p.Name).ToDictionary(name => name,
            name => Timing.Median(timed.Select(v => v.GetProperty("stage_ms").GetProperty(name).GetDouble() / 1000)));
        var analysis = TimeSpan.FromSeconds(Timing.Median(timed.Select(v => v.GetProperty("stage_ms").EnumerateObject().Sum(p => p.Value.GetDouble()) / 1000)));

        return new BenchmarkReport(
            $"Input: the scene tests' edit of 9 wallpaper photos stretched to {Seconds:F0} s, 1920x1080, 25 fps, H.264 veryfast " +
            $"({new FileInfo(edit.Path).Length / (1024.0 * 1024):F1} MiB), sent as the raw body of `POST /api/classify-video/sync` to the API " +
            "and worker running as their own processes (Release, filesystem store, real PostgreSQL and Redis, default settings: keyframes 3..24). " +
            $"Warm: one classification of a short clip first (model load). Median of {repetitions} interleaved rounds after a warm-up round, " +
            "each request on a byte-different copy (the API answers known bytes from their stored verdict). " +
            "Baseline: `ffmpeg -i clip -an -f null -` (decode only, default threads). " +
            $"Last verdict: {verdict.GetProperty("keyframes").GetArrayLength()} keyframes, {verdict.GetProperty("cuts").GetArrayLength()} cuts; worker stages (medians) " +
            string.Join(", ", stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:F2} s"))) + $". Machine {MachineLoad.Now()} at the end.",
            [
                new BenchmarkRow("classify-video sync, 60 s 1080p (request to verdict)", S(ours), "ffmpeg decode only", S(decode), ours / decode),
                new BenchmarkRow("worker analysis stages (probe + scenes + quality/faces + scoring)", S(analysis), "ffmpeg decode only", S(decode), analysis / decode),
            ]);
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
        await Timing.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=2",
            "-c:v", "libx264", "-preset", "ultrafast", path);
        return path;
    }

    private static string S(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F2} s");

}
