using System.Globalization;
using MediaAspire.GpuWorker.Live;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Brands;
using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;

namespace MediaAspire.Tests.Live;

/// <summary>What the live tests push: real photos with hard cuts at known times and a logo, keyframes every second as a
/// streaming encoder makes them (so the ~2 s segments close on time). Made once per test run.</summary>
public static class LiveMedia
{
    /// <summary>When the logo (<see cref="LiveClip.Logo"/>) is on screen: across the segment boundaries at 2, 4 and 6 s and two cuts.</summary>
    public static readonly (double From, double To) LogoShown = (1, 7);

    /// <summary>The pan of the second shot, across the segment boundary at 4 s: no cut in it.</summary>
    public static readonly (double From, double To) Pan = (3, 6);

    private static readonly SemaphoreSlim Making = new(1, 1);
    private static LiveClip? _clip;

    /// <param name="Video">12 s at 640x360, 25 fps: four shots of 3 s, hard cuts at 3, 6 and 9 s (one on a segment
    /// boundary, at 6), the second shot a pan; the logo shown <see cref="LogoShown"/>.</param>
    /// <param name="Logo">The logo's image, to register as a brand's.</param>
    public sealed record LiveClip(CutVideo Video, string Logo);

    public static async Task<LiveClip> CutsAsync()
    {
        await Making.WaitAsync();
        try
        {
            return _clip ??= await MakeAsync(Directory.CreateTempSubdirectory($"mediaaspire-live-{Environment.ProcessId}-").FullName);
        }
        finally
        {
            Making.Release();
        }
    }

    /// <summary>Cuts <paramref name="video"/> into MPEG-TS segments of about <paramref name="seconds"/> as the live
    /// recorder does (no re-encode, the stream's own timestamps, the csv segment list), for driving the analyser without RTMP.</summary>
    /// <param name="loops">Times the video is played again after the first (a long stream from a short video).</param>
    public static async Task<IReadOnlyList<ClosedSegment>> SegmentAsync(string video, string directory, double seconds, int loops = 0)
    {
        Directory.CreateDirectory(directory);
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(["-hide_banner", "-nostdin", "-loglevel", "error",
            "-stream_loop", loops.ToString(CultureInfo.InvariantCulture), "-i", video,
            "-map", "0:v:0", "-c", "copy", "-copyts", "-f", "segment", "-segment_time", seconds.ToString(CultureInfo.InvariantCulture),
            "-segment_format", "mpegts", "-segment_list", "segments.csv", "-segment_list_type", "csv", "seg_%05d.ts"])
            with { WorkingDirectory = directory, Purpose = "segment a live test video" }, CancellationToken.None);
        var segments = new List<ClosedSegment>();
        foreach (var line in File.ReadLines(Path.Combine(directory, "segments.csv")))
            if (ClosedSegment.TryParse(line, segments.Count, out var segment)) segments.Add(segment with { File = Path.Combine(directory, segment.File) });
        return segments;
    }

    private static async Task<LiveClip> MakeAsync(string directory)
    {
        var cuts = await CutVideo.MakeAsync(Path.Combine(directory, "cuts.mp4"),
            [
                new(CutVideo.Photo("Autumn"), Motion.ZoomIn, 3),
                new(CutVideo.Photo("BytheWater"), Motion.Pan, 3),
                new(CutVideo.Photo("ColdRipple"), Motion.Still, 3),
                new(CutVideo.Photo("Kite"), Motion.ZoomOut, 3),
            ], 640, 360, 25, CutVideo.FixedGop(1));
        var logo = BrandVideo.MakeLogo(directory, "coffee.png", new Rect(100, 40, 400, 300), "KAFFA");
        var withLogo = Path.Combine(directory, "cuts-logo.mp4");
        var (from, to) = (LogoShown.From.ToString(CultureInfo.InvariantCulture), LogoShown.To.ToString(CultureInfo.InvariantCulture));
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(["-hide_banner", "-loglevel", "error", "-y", "-i", cuts.Path, "-loop", "1", "-i", logo,
            "-filter_complex", $"[1:v]format=rgba,scale=220:-2[l];[0:v][l]overlay=x=40:y=40:enable='between(t,{from},{to})':shortest=1,format=yuv420p[out]",
            "-map", "[out]", .. CutVideo.FixedGop(1), "-r", "25", withLogo]) with { Purpose = "put a logo on the live test video" }, CancellationToken.None);
        return new LiveClip(cuts with { Path = withLogo }, logo);
    }
}
