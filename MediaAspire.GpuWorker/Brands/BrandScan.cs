using MediaAspire.GpuWorker.Imaging;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.GpuWorker.Text;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Brands;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>
/// The brands stage on a video file: one forward decode through ffmpeg (<see cref="FfmpegFrameReader"/>, B-frames
/// left out at the usual rates: <see cref="Sampling"/>), sampled at the requested rate and reduced to <see cref="BrandSettings.MatchLongSide"/>; each sample goes through the per-frame
/// detector (<see cref="BrandFrameDetector"/>: logos on the luma plane, names in the text OCR reads; <see cref="BatchFrames"/>
/// at a time, so it can match two at once), and the sightings
/// are merged into appearances and exposure (<see cref="AppearanceMerger"/>). Pure: file and brands in, result out
/// (the job handler, the CLI and the benchmark share it).
/// </summary>
public static class BrandScan
{
    /// <summary>Samples at least this far apart (4 frames/s or slower) come from I- and P-frames only.</summary>
    private const double MinSpacingWithoutBFrames = 0.25;

    /// <summary>How late after its time a sample of an all-intra stream may be: the packets handed to the decoder are at
    /// most this far apart (about as far as x264's P-frames at 25 frames/s, which the other streams' samples come from).</summary>
    private const double MaxSampleDelaySeconds = 0.16;

    /// <summary>Sampled frames handed to the detector together (4 s at 2 frames/s): its two logo matchers share out the
    /// changed ones among them, so a batch needs several; ffmpeg decodes the next ones meanwhile.</summary>
    internal const int BatchFrames = 8;

    /// <param name="text">The OCR stage, to read on-screen text and find brand names in it; null looks for logos only.</param>
    /// <param name="onProgress">Fraction of the video examined, 0–1.</param>
    /// <exception cref="Probe.UnreadableMediaException">The video could not be decoded.</exception>
    public static async Task<BrandResult> RunAsync(string path, VideoStreamInfo video, double duration, IReadOnlyList<BrandDefinition> brands,
        double fps, BrandSettings settings, OnScreenTextReader? text, Func<double, Task>? onProgress, CancellationToken cancellationToken)
    {
        var interval = 1 / fps;
        var (width, height) = AnalysisSize(video, settings.MatchLongSide);
        var (toVideoX, toVideoY) = ((double)video.DisplayWidth / width, (double)video.DisplayHeight / height);
        var sightings = new List<TimedSighting>();
        var lines = new List<OnScreenText>();
        var progress = Task.CompletedTask;
        await Task.Run(() =>
        {
            using var detector = new BrandFrameDetector(brands, settings, text);
            using var reader = FfmpegFrameReader.Open(path, width, height, Sampling(path, video, interval, cancellationToken), cancellationToken);
            var batch = new List<Mat>(BatchFrames);
            var times = new List<double>(BatchFrames);
            try
            {
                var last = double.NaN;
                for (var more = true; more;)
                {
                    times.Clear();
                    while (times.Count < BatchFrames && (more = reader.Read(out var t, cancellationToken)))
                    {
                        if (!double.IsFinite(t)) t = double.IsFinite(last) ? last + interval : 0;
                        last = t;
                        // The reader hands out its frame until the next read: kept here until the batch is looked at.
                        if (batch.Count == times.Count) batch.Add(new Mat());
                        reader.Frame.CopyTo(batch[times.Count]);
                        times.Add(t);
                    }
                    if (times.Count == 0) break;
                    var found = detector.DetectI420(batch.GetRange(0, times.Count), width, height);
                    for (var i = 0; i < times.Count; i++)
                    {
                        var t = times[i];
                        sightings.AddRange(found[i].Sightings.Select(s => new TimedSighting(t, s with { Box = Scale(s.Box, toVideoX, toVideoY) })));
                        lines.AddRange(found[i].Text.Select(l => new OnScreenText(Math.Round(t, 3), l.Text, Box(Scale(l.Box, toVideoX, toVideoY)), l.Confidence)));
                    }
                    if (onProgress is not null && duration > 0 && progress.IsCompleted) progress = onProgress(Math.Min(1, last / duration));
                }
            }
            finally
            {
                foreach (var frame in batch) frame.Dispose();
            }
        }, cancellationToken);
        await progress;
        var (appearances, exposure) = AppearanceMerger.Merge(sightings, interval, settings.GapSeconds, settings.MinSeconds, duration);
        return new BrandResult(appearances, exposure, lines);
    }

    /// <summary>Which frames are decoded and handed out: at the usual 2 frames/s of 25–60 frames/s video no B-frame is
    /// needed (the decoder skips three quarters of x264's frames; a sample is the first I- or P-frame in its interval,
    /// at most 0.16 s late at 25 frames/s), one per interval so the rate asked for holds. Faster sampling decodes every
    /// referenced frame, so samples stay near their times. A stream whose every packet is a keyframe (all-intra H.264,
    /// MJPEG, ProRes: editing intermediates) needs no frame to decode another, so only every n-th packet reaches the
    /// decoder, n frames spanning at most <see cref="MaxSampleDelaySeconds"/> (4 at 25 frames/s): a sample is then as
    /// late as a P-frame sample at most, and the decoder decodes a quarter of the frames instead of all of them.</summary>
    internal static FrameRequest Sampling(string path, VideoStreamInfo video, double interval, CancellationToken cancellationToken)
    {
        return new FrameRequest(interval)
        {
            Decode = interval >= MinSpacingWithoutBFrames ? DecodedFrames.IntraAndPredicted : DecodedFrames.Referenced,
            OnePerInterval = true,
            PacketStride = PacketIndex.ReadIsIntraOnly(path, cancellationToken) ? FramesWithin(Math.Min(MaxSampleDelaySeconds, interval)) : 1,
        };

        int FramesWithin(double seconds) => Math.Max(1, (int)Math.Floor(SceneSampling.FrameRateOf(video) * seconds + 1e-9));
    }

    private static Rect Scale(Rect box, double x, double y) =>
        new((int)Math.Round(box.X * x), (int)Math.Round(box.Y * y), (int)Math.Round(box.Width * x), (int)Math.Round(box.Height * y));

    private static int[] Box(Rect box) => [box.X, box.Y, box.Width, box.Height];

    /// <summary>The picture as displayed, reduced so its longest side is at most <paramref name="longSide"/> (even sizes, for I420).</summary>
    internal static (int Width, int Height) AnalysisSize(VideoStreamInfo video, int longSide)
    {
        var scale = Math.Min(1, (double)longSide / Math.Max(video.DisplayWidth, video.DisplayHeight));
        return (EvenPixels.Round(video.DisplayWidth * scale), EvenPixels.Round(video.DisplayHeight * scale));
    }
}
