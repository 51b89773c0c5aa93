using System.Globalization;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Renditions;
using MediaAspire.Platform.Processes;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// The renditions stage (one ffmpeg, split filter graph) against a bare ffmpeg making only the proxy,
/// and against the seed design: one ffmpeg run per output.
/// </summary>
public sealed class RenditionBenchmark : IBenchmark
{
    public string Name => "renditions";
    public string Title => "Renditions stage vs. bare ffmpeg proxy and vs. one ffmpeg per output";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var source = Path.Combine(context.WorkDirectory, "renditions-1080p-60s.mp4");
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=60",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=60",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", source), cancellationToken);
        var probe = await new MediaProber().ProbeAsync(source, cancellationToken);
        var maker = new RenditionMaker();
        var settings = new RenditionSettings();
        var withHls = new RenditionSettings { HlsEnabled = true };
        var output = Path.Combine(context.WorkDirectory, "renditions-out");
        var repetitions = Math.Min(context.Repetitions, 3);
        var loadBefore = MachineLoad.Now();

        Task Ours(RenditionSettings s) => Fresh(output, () => maker.MakeAsync(source, probe, output, s, null, cancellationToken));
        Task BareProxy() => Fresh(output, () => Ffmpeg(output, "-i", source,
            "-vf", "fps=10,scale=854:480,setsar=1,format=yuv420p", "-c:v", "libx264", "-preset", settings.ProxyPreset, "-crf", "28",
            "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", "proxy.mp4"));
        async Task SeparateStills()
        {
            await Ffmpeg(output, "-ss", "5", "-i", source, "-frames:v", "1", "-vf", "scale=320:180", "-q:v", "3", "thumbnail.jpg");
            await Ffmpeg(output, "-ss", "5", "-i", source, "-frames:v", "1", "-q:v", "3", "poster.jpg");
        }
        Task Separate() => Fresh(output, async () => { await BareProxy(); await SeparateStills(); });
        Task SeparateWithHls() => Fresh(output, async () =>
        {
            await BareProxy();
            await SeparateStills();
            foreach (var (height, width) in new[] { (360, 640), (720, 1280) })
            {
                Directory.CreateDirectory(Path.Combine(output, $"{height}p"));
                await Ffmpeg(output, "-i", source, "-vf", $"fps=30,scale={width}:{height},setsar=1,format=yuv420p",
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-force_key_frames", "expr:gte(t,n_forced*4)",
                    "-c:a", "aac", "-b:a", "96k", "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod",
                    "-hls_segment_filename", $"{height}p/seg_%03d.ts", $"{height}p/index.m3u8");
            }
        });

        var t = await Timing.InterleavedMediansAsync(repetitions,
            () => Ours(settings), BareProxy, Separate, () => Ours(withHls), SeparateWithHls);
        var loadAfter = MachineLoad.Now();
        Directory.Delete(output, recursive: true);

        return new BenchmarkReport(
            $"Input: generated 60 s 1080p30 H.264 + AAC MP4. Median of {repetitions} rounds after a warm-up round; every round runs all " +
            "five commands in turn (interleaved), so load from other work on the shared machine hits them alike. " +
            "CPU time is the user + system time of the ffmpeg processes (getrusage of children): the work done, steady under load; " +
            "wall time on this shared machine swings with other helpers' builds and tests. " +
            $"Machine {loadBefore} before, {loadAfter} after (absolute times depend on other work on the machine; ratios are side by side). " +
            "Ours: `RenditionMaker` with default settings (proxy 480p 10 fps CRF 28 veryfast + AAC 64k faststart, 320 px thumbnail, full-size poster), " +
            "and again with the HLS ladder (360p + 720p, 4 s segments). Baselines use identical encoder settings: a bare `ffmpeg` making only the proxy; " +
            "the seed design's separate commands (proxy; thumbnail and poster each with a fast input seek to 5 s; each HLS variant its own run).",
            [
                new BenchmarkRow("stage wall time (proxy + thumbnail + poster)", Ms(t[0].Wall), "bare ffmpeg, proxy only (target ≤ 1.15×)", Ms(t[1].Wall), t[0].Wall / t[1].Wall),
                new BenchmarkRow("stage ffmpeg CPU time (proxy + thumbnail + poster)", Ms(t[0].Cpu), "bare ffmpeg, proxy only (target ≤ 1.15×)", Ms(t[1].Cpu), t[0].Cpu / t[1].Cpu),
                new BenchmarkRow("stage wall time (proxy + thumbnail + poster)", Ms(t[0].Wall), "separate ffmpeg per output", Ms(t[2].Wall), t[0].Wall / t[2].Wall),
                new BenchmarkRow("stage ffmpeg CPU time (proxy + thumbnail + poster)", Ms(t[0].Cpu), "separate ffmpeg per output", Ms(t[2].Cpu), t[0].Cpu / t[2].Cpu),
                new BenchmarkRow("stage wall time with HLS 360p + 720p", Ms(t[3].Wall), "separate ffmpeg per output, HLS variant per run", Ms(t[4].Wall), t[3].Wall / t[4].Wall),
                new BenchmarkRow("stage ffmpeg CPU time with HLS 360p + 720p", Ms(t[3].Cpu), "separate ffmpeg per output, HLS variant per run", Ms(t[4].Cpu), t[3].Cpu / t[4].Cpu),
            ]);
    }

    private static async Task Fresh(string directory, Func<Task> action)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        await action();
    }

    private static Task Ffmpeg(string workingDirectory, params string[] arguments) =>
        FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. arguments]) with { WorkingDirectory = workingDirectory },
            CancellationToken.None);


    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F0} ms");
}
