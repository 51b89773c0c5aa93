using System.Diagnostics;
using System.Globalization;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// What each keyframe costs after the scene pass: technical quality (<see cref="FrameQualityAnalyzer"/>) and faces
/// (<see cref="FaceDetector"/>), per keyframe at 720p and 1080p, against what decoding one frame of the same size costs
/// ffmpeg (a 1 s clip of the same photos, <c>ffmpeg -f null</c>, wall time / frames), so "a keyframe costs N decoded
/// frames" reads straight off the ratio.
/// </summary>
public sealed class KeyframeStageBenchmark : IBenchmark
{
    private static readonly string[] Photos = ["Autumn", "BytheWater", "Cascade", "ColdRipple", "EveningGlow", "Flow", "Kite", "Kokkini"];
    private static readonly (int Width, int Height)[] Sizes = [(1280, 720), (1920, 1080)];

    public string Name => "keyframes";
    public string Title => "Keyframe stages (quality, faces) per keyframe vs. ffmpeg decoding one frame";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var quality = new FrameQualityAnalyzer();
        using var faces = new FaceDetector();
        var rows = new List<BenchmarkRow>();
        foreach (var (width, height) in Sizes)
        {
            var frames = Photos.Select(p => Cv2.ImRead(CutVideo.Photo(p)).Resize(new Size(width, height), interpolation: InterpolationFlags.Area)).ToArray();
            try
            {
                var decode = await DecodeMsPerFrameAsync(context, width, height, cancellationToken);
                var qualityMs = MsPerFrame(context.Repetitions, frames, f => quality.Measure(f));
                var facesMs = MsPerFrame(context.Repetitions, frames, f => faces.Find(f));
                var label = $"{width}x{height}";
                rows.Add(new BenchmarkRow($"quality, ms per keyframe, {label}", Ms(qualityMs), "ffmpeg decode, ms per frame", Ms(decode), qualityMs / decode));
                rows.Add(new BenchmarkRow($"faces, ms per keyframe, {label}", Ms(facesMs), "ffmpeg decode, ms per frame", Ms(decode), facesMs / decode));
                rows.Add(new BenchmarkRow($"quality + faces, ms per keyframe, {label} (goal <= 20 ms)", Ms(qualityMs + facesMs), "ffmpeg decode, ms per frame", Ms(decode),
                    (qualityMs + facesMs) / decode));
            }
            finally
            {
                foreach (var frame in frames) frame.Dispose();
            }
        }
        return new BenchmarkReport(
            $"Input: {Photos.Length} Debian wallpaper photos scaled to each size (8-bit BGR, as the scene pass hands keyframes on). " +
            $"Ours: each stage on every photo in turn, one thread calling (as the pipeline does; OpenCV and ONNX Runtime use their own threads), " +
            $"median of {context.Repetitions} rounds after a warm-up round, divided by the photos. Faces: BlazeFace back model (256x256) on ONNX Runtime, CPU. " +
            $"Baseline: `ffmpeg -i clip -f null -` of a 1 s, 25 fps H.264 clip (veryfast) of the first photo at the same size, wall time / 25 frames " +
            $"(process start included, so a slight overestimate). Machine {MachineLoad.Now()} at the end.",
            rows);
    }

    private static double MsPerFrame(int repetitions, Mat[] frames, Action<Mat> stage)
    {
        var rounds = new List<double>();
        for (var round = 0; round <= repetitions; round++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var frame in frames) stage(frame);
            if (round > 0) rounds.Add(watch.Elapsed.TotalMilliseconds / frames.Length);
        }
        return Timing.Median(rounds);
    }

    private static async Task<double> DecodeMsPerFrameAsync(BenchContext context, int width, int height, CancellationToken cancellationToken)
    {
        var clip = Path.Combine(context.WorkDirectory, $"keyframes-{width}x{height}.mp4");
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-y", "-loop", "1", "-i", CutVideo.Photo(Photos[0]),
            "-t", "1", "-r", "25", "-vf", $"scale={width}:{height},format=yuv420p", "-c:v", "libx264", "-preset", "veryfast", clip), cancellationToken);
        var wall = await Timing.MedianAsync(context.Repetitions, () => FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-i", clip, "-f", "null", "-"), cancellationToken));
        return wall.TotalMilliseconds / 25;
    }

    private static string Ms(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms:F1} ms");
}
