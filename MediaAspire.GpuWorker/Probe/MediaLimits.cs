namespace MediaAspire.GpuWorker.Probe;

/// <summary>
/// <c>MediaLimits</c>: the largest media the worker decodes, checked from the probe before any decode, so a header that
/// declares an absurd picture or length fails the job with a reason instead of exhausting memory or the worker's time.
/// ffmpeg and ffprobe are also given <see cref="MaxPixels"/> (<c>-max_pixels</c>), so even the probe never allocates a
/// frame larger than it. The others are settings.
/// </summary>
public sealed class MediaLimits
{
    public const string Section = "MediaLimits";

    /// <summary>Largest picture, width × height: 8192 × 8192 (8K UHD fits). Fixed, as every ffmpeg run passes it to the decoder.</summary>
    public const long MaxPixels = 8192L * 8192;

    /// <summary>Longest side, pixels.</summary>
    public int MaxDimension { get; set; } = 16384;

    /// <summary>Longest media, seconds (default 12 h).</summary>
    public double MaxDurationSeconds { get; set; } = 12 * 3600;

    /// <summary>Most video frames (duration × frame rate; default 5 million, 12 h at 115 fps).</summary>
    public long MaxFrames { get; set; } = 5_000_000;

    /// <summary>Largest decoded frame, bytes (default 512 MiB: 8192 × 8192 at 8 bytes a pixel).</summary>
    public long MaxDecodedFrameBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Analysing a video (decoding its frames, scoring its keyframes) may take this long…</summary>
    public TimeSpan AnalysisTimeoutBase { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>…plus this many seconds per second of media; past it the job fails instead of holding the worker.</summary>
    public double AnalysisSecondsPerMediaSecond { get; set; } = 10;

    public TimeSpan AnalysisTimeoutFor(double mediaSeconds) =>
        AnalysisTimeoutBase + TimeSpan.FromSeconds(Math.Clamp(mediaSeconds, 0, MaxDurationSeconds) * AnalysisSecondsPerMediaSecond);
}
