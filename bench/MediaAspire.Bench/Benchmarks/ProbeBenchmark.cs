using System.Globalization;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Processes;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>The probe stage against the bare ffprobe command it wraps: what our parsing and checks cost.</summary>
public sealed class ProbeBenchmark : IBenchmark
{
    public string Name => "probe";
    public string Title => "Probe stage vs. bare ffprobe";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var video = Path.Combine(context.WorkDirectory, "probe-1080p-60s.mp4");
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=60",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=60",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", video), cancellationToken);

        var prober = new MediaProber();
        var ours = await Timing.MedianAsync(context.Repetitions, () => prober.ProbeAsync(video, cancellationToken));
        var bare = await Timing.MedianAsync(context.Repetitions, () =>
            FfmpegLauncher.RunAsync(FfmpegCommand.Ffprobe("-v", "error", "-print_format", "json", "-show_format", "-show_streams", video), cancellationToken));

        return new BenchmarkReport(
            $"Input: generated 60 s 1080p30 H.264 + AAC MP4. Median of {context.Repetitions} runs after a warm-up. " +
            "Baseline: `ffprobe -print_format json -show_format -show_streams` on the same file.",
            [
                new BenchmarkRow("probe wall time", Ms(ours), "bare ffprobe", Ms(bare), ours / bare),
            ]);
    }

    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F1} ms");
}
