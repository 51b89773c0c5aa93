using System.Globalization;

namespace MediaAspire.GpuWorker.Renditions;

/// <summary>What the renditions stage makes (configuration section <c>Renditions</c>, e.g. <c>Renditions__ProxyCrf=30</c>).</summary>
public sealed class RenditionSettings
{
    public const string Section = "Renditions";

    /// <summary>Proxy's shorter side in pixels ("480p"); smaller sources are not upscaled.</summary>
    public int ProxyHeight { get; set; } = 480;

    public double ProxyFrameRate { get; set; } = 10;

    /// <summary>x264 constant rate factor: higher is smaller and softer.</summary>
    public int ProxyCrf { get; set; } = 28;

    /// <summary>x264 preset: speed against size at the same quality.</summary>
    public string ProxyPreset { get; set; } = "veryfast";

    public int ProxyAudioKbps { get; set; } = 64;

    public int ThumbnailWidth { get; set; } = 320;

    /// <summary>Thumbnail and poster are taken here, or at the midpoint of videos shorter than twice this: never from
    /// the second half of a clip (where fades and credits are), and never jumping as the duration grows.</summary>
    public double StillAtSeconds { get; set; } = 5;

    /// <summary>ffmpeg's JPEG quality scale, 2 (best) to 31.</summary>
    public int JpegQuality { get; set; } = 3;

    /// <summary>Also make an HLS ladder for browser playback (more encoding: off unless asked for).</summary>
    public bool HlsEnabled { get; set; }

    /// <summary>Shorter sides of the HLS variants, comma separated; those above the source's are skipped.</summary>
    public string HlsLadder { get; set; } = "360,720";

    public int HlsSegmentSeconds { get; set; } = 4;

    public int HlsCrf { get; set; } = 23;

    public int HlsAudioKbps { get; set; } = 96;

    public double HlsMaxFrameRate { get; set; } = 30;

    /// <summary>The stage's time limit is <see cref="TimeoutBase"/> plus this many seconds per second of media.</summary>
    public double TimeoutSecondsPerMediaSecond { get; set; } = 10;

    public TimeSpan TimeoutBase { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan TimeoutFor(double mediaSeconds) => TimeoutBase + TimeSpan.FromSeconds(Math.Max(0, mediaSeconds) * TimeoutSecondsPerMediaSecond);

    public IReadOnlyList<int> HlsHeights() => HlsLadder
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(h => int.Parse(h, CultureInfo.InvariantCulture))
        .Order()
        .ToList();
}
