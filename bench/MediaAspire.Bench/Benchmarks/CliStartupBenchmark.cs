using System.Diagnostics;
using System.Globalization;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// The analyze CLI as a tool people script: the wall time of a whole run on one image (start the runtime, load the
/// model, probe, score, print, exit), each a fresh process, against <c>ffprobe</c> on the same image: the worker's
/// framework-dependent build (<c>dotnet MediaAspire.GpuWorker.dll analyze</c>) and the self-contained ReadyToRun
/// <c>mediaaspire-analyze</c> that <c>scripts/publish-analyze.sh</c> makes.
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
        var worker = ProjectPaths.Of("gpuworker");
        // Where the script puts it by default, inside the repository, so it finds the models as a user's copy does.
        await Timing.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "publish-analyze.sh"));
        var launcher = Path.Combine(RepositoryRoot.Path, "artifacts", "mediaaspire-analyze", "mediaaspire-analyze");

        var cli = new List<TimeSpan>();
        var selfContained = new List<TimeSpan>();
        var ffprobe = new List<TimeSpan>();
        // Interleaved, each run a new process; the first round warms the file cache and is not counted.
        for (var i = 0; i <= ColdStarts; i++)
        {
            var ours = await TimeAsync(() => Timing.RunAsync("dotnet", worker, "analyze", image, "--json"));
            var oursPublished = await TimeAsync(() => Timing.RunAsync(launcher, image, "--json"));
            var bare = await TimeAsync(() => FfmpegLauncher.RunAsync(FfmpegCommand.Ffprobe("-v", "error", "-show_format", "-show_streams", image), cancellationToken));
            if (i == 0) continue;
            cli.Add(ours);
            selfContained.Add(oursPublished);
            ffprobe.Add(bare);
        }
        var (cliMedian, publishedMedian, ffprobeMedian) = (Timing.Median(cli), Timing.Median(selfContained), Timing.Median(ffprobe));

        return new BenchmarkReport(
            $"Input: a 1280x720 JPEG of a Debian wallpaper photo. Ours: `dotnet MediaAspire.GpuWorker.dll analyze photo.jpg --json` from the worker's " +
            "Release build (framework-dependent, as `dotnet run`/`dotnet publish` without options make it), and `mediaaspire-analyze photo.jpg --json` " +
            "from `scripts/publish-analyze.sh` (self-contained, ReadyToRun), each run a new process: runtime start, " +
            "configuration, LibTorch and the weights loading while the image is probed, decoded and measured (quality, faces), scoring, JSON out. " +
            $"Baseline: `ffprobe -show_format -show_streams photo.jpg`. Median of {ColdStarts} runs, interleaved, after one of each. " +
            $"Goal: <= 0.8 s. Machine {MachineLoad.Now()} at the end.",
            [
                new BenchmarkRow("analyze one image, wall time per process (framework-dependent build)", Ms(cliMedian), "ffprobe on the same image", Ms(ffprobeMedian), cliMedian / ffprobeMedian),
                new BenchmarkRow("analyze one image, wall time per process (mediaaspire-analyze, self-contained ReadyToRun)", Ms(publishedMedian), "ffprobe on the same image", Ms(ffprobeMedian), publishedMedian / ffprobeMedian),
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
