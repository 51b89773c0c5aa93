using System.Diagnostics;
using System.Globalization;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// The analyze CLI as a tool people script: the wall time of a whole run on one image (start the runtime, load the
/// model, probe, score, print, exit), each a fresh process, against <c>ffprobe</c> on the same image.
/// </summary>
public sealed class CliStartupBenchmark : IBenchmark
{
    private const int ColdStarts = 5;

    public string Name => "cli";
    public string Title => "analyze CLI on one image vs. ffprobe";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var image = Path.Combine(context.WorkDirectory, "cli-photo.jpg");
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-y", "-i", CutVideo.Photo("Autumn"), "-vf", "scale=1280:720", image), cancellationToken);
        var worker = MediaAspire.Tests.Infrastructure.Servers.ProjectPaths.Of("gpuworker");

        var cli = new List<TimeSpan>();
        var ffprobe = new List<TimeSpan>();
        // Interleaved, each run a new process; the first pair warms the file cache and is not counted.
        for (var i = 0; i <= ColdStarts; i++)
        {
            var ours = await TimeAsync(() => Timing.RunAsync("dotnet", worker, "analyze", image, "--json"));
            var bare = await TimeAsync(() => FfmpegLauncher.RunAsync(FfmpegCommand.Ffprobe("-v", "error", "-show_format", "-show_streams", image), cancellationToken));
            if (i == 0) continue;
            cli.Add(ours);
            ffprobe.Add(bare);
        }
        var (cliMedian, ffprobeMedian) = (Timing.Median(cli), Timing.Median(ffprobe));

        return new BenchmarkReport(
            $"Input: a 1280x720 JPEG of a Debian wallpaper photo. Ours: `dotnet MediaAspire.GpuWorker.dll analyze photo.jpg --json` from the worker's " +
            "Release build (framework-dependent, as `dotnet run`/`dotnet publish` without options make it), each run a new process: runtime start, " +
            "configuration, LibTorch and OpenCV load, model load, probe, quality, faces, scoring, JSON out. " +
            $"Baseline: `ffprobe -show_format -show_streams photo.jpg`. Median of {ColdStarts} runs, interleaved, after one of each. " +
            $"Goal: <= 0.8 s. Machine {MachineLoad.Now()} at the end.",
            [
                new BenchmarkRow("analyze one image, wall time per process", Ms(cliMedian), "ffprobe on the same image", Ms(ffprobeMedian), cliMedian / ffprobeMedian),
            ]);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> run)
    {
        var watch = Stopwatch.StartNew();
        await run();
        return watch.Elapsed;
    }

    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F0} ms");
}
