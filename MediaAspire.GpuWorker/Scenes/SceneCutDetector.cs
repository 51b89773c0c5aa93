using MediaAspire.GpuWorker.Imaging;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Assets;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Pipeline stage "scenes": a video file in, its scenes, cuts, gradual transitions and keyframes out. Where the
/// GOPs are long enough, keyframes first (<see cref="KeyframesFirstPass"/>): only the keyframes are decoded
/// throughout, and only the GOPs where content changed are decoded at analysis rate; otherwise (all-intra, very short
/// GOPs) one forward pass over every frame at analysis rate. Either way the same detector decides (cuts, transitions,
/// flashes: <see cref="TransitionDetector"/>) and the same collector picks keyframes (<see cref="KeyframeCollector"/>).
/// Memory is flat: ffmpeg hands over frames already reduced to keyframe size as I420 (<see cref="FfmpegFrameReader"/>),
/// the per-frame work is on a 320-pixel-wide copy, the detector keeps a fixed ring of frame signatures and the
/// collector a bounded set of keyframe candidates.
/// </summary>
public sealed class SceneCutDetector
{
    /// <summary>For callers without a probe of the file (tools, tests): probes it first.</summary>
    /// <exception cref="UnreadableMediaException">The file has no decodable video.</exception>
    public SceneAnalysis Analyze(string path, SceneDetectionOptions options, IProgress<double>? progress, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new FileNotFoundException("The video file does not exist.", path);
        return Analyze(path, new MediaProber().ProbeAsync(path, ct).GetAwaiter().GetResult(), options, progress, ct);
    }

    /// <exception cref="UnreadableMediaException">The file has no decodable video.</exception>
    public SceneAnalysis Analyze(string path, MediaProbe probe, SceneDetectionOptions options, IProgress<double>? progress, CancellationToken ct)
    {
        options.Validate();
        if (probe.PrimaryVideo is not { } video) throw new UnreadableMediaException("The file has no video stream that can be decoded.");

        var sampling = SceneSampling.Of(video, options);
        var (fps, stride) = (sampling.FrameRate, sampling.Stride);
        var durationSeconds = video.DurationSeconds > 0 ? video.DurationSeconds : probe.DurationSeconds;
        var (width, height) = KeyframeSize(video.DisplayWidth, video.DisplayHeight, options.KeyframeMaxSide);

        var packets = options.KeyframesFirst ? PacketIndex.Read(path, ct) : null;
        var pass = new ScenePass(path, width, height, sampling.MinSpacing, durationSeconds, progress, ct);
        using var scenes = new SceneAccumulator(options, sampling.SampleRate);
        if (packets is not null && packets.MeanGopSeconds >= KeyframesFirstPass.MinGopSeconds) new KeyframesFirstPass(pass, packets, scenes, options).Run();
        else FullPass(pass, scenes, packets is { IsIntraOnly: true } ? stride : 1);
        if (scenes.Frames == 0) throw new UnreadableMediaException("The video stream has no frames that can be decoded.");

        // Where the frames ended, unless the container knows better: the last frame handed out is at most one sample
        // spacing before the end of the video. Frames that stop well short of the probed length (a damaged file)
        // end the scenes there.
        var lastTime = scenes.LastTime;
        var framesEnd = lastTime + stride / fps;
        var duration = durationSeconds > 0 && durationSeconds - framesEnd < 0.5 ? Math.Max(durationSeconds, lastTime + 1 / fps) : framesEnd;
        var analysis = scenes.Finish(fps, duration);
        progress?.Report(1);
        return analysis;
    }

    /// <summary>The pass for every file whose GOPs are too short to skip: every frame at analysis rate, in one run.</summary>
    /// <param name="packetStride">For an all-intra stream, the sampling stride: only the packets of the frames analysed
    /// are decoded (the decoder would otherwise decode every frame, for the sampling to drop all but one in stride; in
    /// x264's all-intra 1080p at 25 frames/s, half the decoding).</param>
    private static void FullPass(ScenePass pass, SceneAccumulator scenes, int packetStride)
    {
        using var frames = FfmpegFrameReader.Open(pass.Path, pass.Width, pass.Height,
            new FrameRequest(pass.MinSpacing) { PacketStride = packetStride }, pass.Cancellation);
        scenes.BeginRun();
        while (frames.Read(out var time, pass.Cancellation))
        {
            scenes.AddToRun(time, frames.Frame);
            pass.Report(scenes.LastTime);
        }
        scenes.EndRun();
    }

    /// <summary>The display size scaled so its longest side is at most <paramref name="maxSide"/> (never enlarged),
    /// in even numbers of pixels (the frames travel as I420).</summary>
    private static (int Width, int Height) KeyframeSize(int width, int height, int maxSide)
    {
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));
        return (EvenPixels.Round(width * scale), EvenPixels.Round(height * scale));
    }
}

