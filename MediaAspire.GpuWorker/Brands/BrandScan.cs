using MediaAspire.GpuWorker.Imaging;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Brands;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>
/// The brands stage on a video file: one forward decode through ffmpeg (<see cref="FfmpegFrameReader"/>), sampled at the
/// requested rate and reduced to <see cref="BrandSettings.MatchLongSide"/>, each sample matched against the brands'
/// logos (<see cref="LogoMatcher"/>, on the frame's luma plane, which I420 hands over without a conversion), and the
/// sightings merged into appearances and exposure (<see cref="AppearanceMerger"/>). Pure: file and brands in, result out
/// (the job handler, the CLI and the benchmark share it).
/// </summary>
public static class BrandScan
{
    /// <param name="onProgress">Fraction of the video examined, 0–1.</param>
    /// <exception cref="Probe.UnreadableMediaException">The video could not be decoded.</exception>
    public static async Task<BrandResult> RunAsync(string path, VideoStreamInfo video, double duration, IReadOnlyList<BrandDefinition> brands,
        double fps, BrandSettings settings, Func<double, Task>? onProgress, CancellationToken cancellationToken)
    {
        var interval = 1 / fps;
        var (width, height) = AnalysisSize(video, settings.MatchLongSide);
        var (toVideoX, toVideoY) = ((double)video.DisplayWidth / width, (double)video.DisplayHeight / height);
        var sightings = new List<TimedSighting>();
        var progress = Task.CompletedTask;
        await Task.Run(() =>
        {
            using var matcher = new LogoMatcher(brands, settings);
            using var reader = FfmpegFrameReader.Open(path, width, height, interval, cancellationToken);
            while (reader.Read(out var t, cancellationToken))
            {
                if (!double.IsFinite(t)) t = sightings.Count == 0 ? 0 : sightings[^1].T + interval;
                using var luma = reader.Frame.RowRange(0, height);
                foreach (var sighting in matcher.Match(luma))
                {
                    var box = sighting.Box;
                    sightings.Add(new TimedSighting(t, sighting with
                    {
                        Box = new Rect((int)Math.Round(box.X * toVideoX), (int)Math.Round(box.Y * toVideoY),
                            (int)Math.Round(box.Width * toVideoX), (int)Math.Round(box.Height * toVideoY)),
                    }));
                }
                if (onProgress is not null && duration > 0 && progress.IsCompleted) progress = onProgress(Math.Min(1, t / duration));
            }
        }, cancellationToken);
        await progress;
        var (appearances, exposure) = AppearanceMerger.Merge(sightings, interval, settings.GapSeconds, settings.MinSeconds, duration);
        return new BrandResult(appearances, exposure, []);
    }

    /// <summary>The picture as displayed, reduced so its longest side is at most <paramref name="longSide"/> (even sizes, for I420).</summary>
    internal static (int Width, int Height) AnalysisSize(VideoStreamInfo video, int longSide)
    {
        var scale = Math.Min(1, (double)longSide / Math.Max(video.DisplayWidth, video.DisplayHeight));
        return (EvenPixels.Round(video.DisplayWidth * scale), EvenPixels.Round(video.DisplayHeight * scale));
    }
}
