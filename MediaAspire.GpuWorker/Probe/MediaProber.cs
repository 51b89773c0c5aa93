using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Processes;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Probe;

/// <summary>
/// Pipeline stage "probe": a local media file in, a <see cref="MediaProbe"/> out, from ffprobe's JSON as FFMpegCore
/// reads it (<see cref="FFProbe.FromJson"/>). Pure apart from running ffprobe, so the worker, the CLI and tests share
/// it. It fails fast, with a reason a user can act on, on files later stages could not use: empty, truncated, not media, or
/// streams no decoder here understands, and on media over the <see cref="MediaLimits"/> (checked here, before any
/// stage decodes a frame). ffprobe reads the file with <see cref="UploadedInput.Options"/>.
/// </summary>
public sealed class MediaProber(IOptions<MediaLimits>? options = null)
{
    private readonly MediaLimits _limits = options?.Value ?? new MediaLimits();

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly HashSet<string> HdrTransfers = ["smpte2084", "arib-std-b67"];

    /// <exception cref="UnreadableMediaException">ffprobe cannot read the file, it holds no audio or video, or it is truncated.</exception>
    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var size = new FileInfo(path).Length;
        if (size == 0) throw new UnreadableMediaException("The file is empty (0 bytes).");

        IMediaAnalysis analysis;
        try
        {
            // The command FFMpegCore's FFProbe.Analyse runs.
            var json = await FfmpegLauncher.ReadOutputAsync(FfmpegCommand.Ffprobe(
                [.. UploadedInput.Options, "-loglevel", "error", "-print_format", "json", "-show_format", "-sexagesimal", "-show_streams", "-show_chapters", path])
                with { Timeout = Timeout }, cancellationToken);
            analysis = FFProbe.FromJson(json);
        }
        catch (TimeoutException)
        {
            throw new UnreadableMediaException($"Reading the file's structure took longer than {Timeout.TotalSeconds:F0} s; it is probably damaged.");
        }
        catch (FfmpegFailedException e)
        {
            throw new UnreadableMediaException(Explain(e.StandardError.Count > 0 ? string.Join('\n', e.StandardError) : e.Message, path));
        }
        catch (Exception e) when (e is FormatNullException or System.Text.Json.JsonException)
        {
            throw new UnreadableMediaException(Explain(e.Message, path));
        }

        if (analysis.VideoStreams.Count == 0 && analysis.AudioStreams.Count == 0)
            throw new UnreadableMediaException("The file contains no video or audio stream.");
        var unknown = analysis.VideoStreams.Cast<MediaStream>().Concat(analysis.AudioStreams)
            .FirstOrDefault(s => string.IsNullOrEmpty(s.CodecName) || s.CodecName == "none");
        if (unknown is not null)
            throw new UnreadableMediaException($"Stream {unknown.Index} uses a codec this service cannot decode ({unknown.CodecTagString ?? "unknown"}).");
        ThrowIfTruncated(analysis, size);
        ThrowIfOverLimits(analysis);

        return new MediaProbe(
            Seconds(analysis.Duration),
            analysis.Format.FormatName,
            analysis.Format.FormatLongName ?? analysis.Format.FormatName,
            analysis.Format.BitRate is > 0 ? (long)analysis.Format.BitRate.Value : null,
            analysis.VideoStreams.Select(ToInfo).ToList(),
            analysis.AudioStreams.Select(a => new AudioStreamInfo(
                a.Index, a.CodecName ?? "unknown", a.Channels, a.SampleRateHz, a.BitRate is > 0 ? a.BitRate : null, Seconds(a.Duration))).ToList());
    }

    /// <summary>
    /// A file cut short with its index at the front (MP4 "faststart") still probes fine: the index
    /// describes every sample. Its streams' sizes (bit rate × duration, from that index) then add up to
    /// more bytes than the file has. Containers that do not state stream bit rates are not judged.
    /// </summary>
    private static void ThrowIfTruncated(IMediaAnalysis analysis, long fileSize)
    {
        var described = analysis.VideoStreams.Cast<MediaStream>().Concat(analysis.AudioStreams)
            .Where(s => s.BitRate > 0 && s.Duration > TimeSpan.Zero)
            .Sum(s => s.BitRate / 8.0 * s.Duration.TotalSeconds);
        if (described > fileSize * 1.05 + 4096)
            throw new UnreadableMediaException(string.Create(CultureInfo.InvariantCulture,
                $"The file is truncated: its index describes about {described / 1e6:F1} MB of audio and video but the file has only {fileSize / 1e6:F1} MB. Upload it again in full."));
    }

    /// <summary>
    /// The limits, from what the container and stream headers declare, before anything is decoded. A picture the
    /// decoder refused to allocate (over <c>-max_pixels</c>) probes as 0 × 0: that is over the limit too.
    /// </summary>
    private void ThrowIfOverLimits(IMediaAnalysis analysis)
    {
        var duration = analysis.Duration.TotalSeconds;
        if (duration > _limits.MaxDurationSeconds)
            throw new UnreadableMediaException(string.Create(CultureInfo.InvariantCulture,
                $"The file declares {duration:F0} s of media, more than the {_limits.MaxDurationSeconds:F0} s this service processes."));
        foreach (var v in analysis.VideoStreams)
        {
            long width = v.Width ?? 0, height = v.Height ?? 0;
            if (width <= 0 || height <= 0)
                throw new UnreadableMediaException(string.Create(CultureInfo.InvariantCulture,
                    $"Video stream {v.Index} has no picture size that can be decoded: it is unreadable or larger than {MediaLimits.MaxPixels:N0} pixels."));
            if (width > _limits.MaxDimension || height > _limits.MaxDimension || width * height > MediaLimits.MaxPixels)
                throw new UnreadableMediaException(string.Create(CultureInfo.InvariantCulture,
                    $"Video stream {v.Index} is {width}×{height}, larger than this service decodes (at most {_limits.MaxDimension} a side and {MediaLimits.MaxPixels:N0} pixels)."));
            var frameBytes = width * height * BytesPerPixel(v.PixelFormat);
            if (frameBytes > _limits.MaxDecodedFrameBytes)
                throw new UnreadableMediaException(string.Create(CultureInfo.InvariantCulture,
                    $"Video stream {v.Index} decodes to {frameBytes / 1048576.0:F0} MiB a frame ({width}×{height} {v.PixelFormat}), more than the {_limits.MaxDecodedFrameBytes / 1048576.0:F0} MiB limit."));
            var rate = v.AverageFrameRate > 0 ? v.AverageFrameRate : v.RealFrameRate;
            var seconds = v.Duration > TimeSpan.Zero ? v.Duration.TotalSeconds : duration;
            var frames = rate > 0 && seconds > 0 ? seconds * rate : 0;
            if (frames > _limits.MaxFrames)
                throw new UnreadableMediaException(string.Create(CultureInfo.InvariantCulture,
                    $"Video stream {v.Index} declares about {frames:N0} frames ({seconds:F0} s at {rate:G4} fps), more than the {_limits.MaxFrames:N0} this service decodes."));
        }
    }

    /// <summary>Bytes a decoded pixel takes at most: 4 for 8-bit formats (RGBA), 8 for deeper ones (10 to 16 bits a sample).</summary>
    private static int BytesPerPixel(string? pixelFormat) =>
        pixelFormat is not null && (pixelFormat.Contains("10", StringComparison.Ordinal) || pixelFormat.Contains("12", StringComparison.Ordinal)
            || pixelFormat.Contains("16", StringComparison.Ordinal) || pixelFormat.Contains("48", StringComparison.Ordinal)
            || pixelFormat.Contains("64", StringComparison.Ordinal) || pixelFormat.Contains('f'))
            ? 8 : 4;

    private static VideoStreamInfo ToInfo(VideoStream v)
    {
        var colorTransfer = v.ColorTransfer is "" or "unknown" ? null : v.ColorTransfer;
        var rotation = NormaliseRotation(v.Rotation);
        int width = v.Width ?? 0, height = v.Height ?? 0;
        var sideways = rotation is 90 or 270;
        return new VideoStreamInfo(
            v.Index, v.CodecName ?? "unknown", NullIfEmpty(v.Profile), width, height,
            sideways ? height : width, sideways ? width : height,
            Math.Round(v.RealFrameRate, 3), Math.Round(v.AverageFrameRate, 3),
            IsVariableFrameRate(v), rotation, NullIfEmpty(v.PixelFormat),
            v.BitRate is > 0 ? v.BitRate : null, Seconds(v.Duration),
            colorTransfer, colorTransfer is not null && HdrTransfers.Contains(colorTransfer));
    }

    /// <summary>
    /// ffprobe reports the nominal rate (r_frame_rate: the finest timestamp grid) and the average rate;
    /// constant-rate video has them equal, variable-rate video (phones, screen recordings) does not.
    /// </summary>
    private static bool IsVariableFrameRate(VideoStream v) =>
        v.RealFrameRate > 0 && v.AverageFrameRate > 0
        && Math.Abs(v.RealFrameRate - v.AverageFrameRate) / v.RealFrameRate > 0.01;

    /// <summary>
    /// ffprobe gives the display matrix's rotation counter-clockwise (phones write -90 for portrait);
    /// players turn the picture clockwise by the opposite angle. Normalised to 0, 90, 180 or 270.
    /// </summary>
    private static int NormaliseRotation(int displayMatrixDegrees)
    {
        var clockwise = ((-displayMatrixDegrees % 360) + 360) % 360;
        return (int)(Math.Round(clockwise / 90.0) * 90) % 360;
    }

    private static double Seconds(TimeSpan t) => Math.Round(t.TotalSeconds, 3);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static bool StartsWithIsoBox(string path)
    {
        Span<byte> header = stackalloc byte[8];
        using var file = File.OpenRead(path);
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return false;
        var type = System.Text.Encoding.ASCII.GetString(header[4..]);
        return type is "ftyp" or "moov" or "mdat" or "free" or "wide" or "skip";
    }

    /// <summary>ffprobe's last complaint, without our temp path, in a sentence a user can act on.</summary>
    /// <param name="error">What ffprobe wrote on its error output, or what FFMpegCore found wrong with its JSON.</param>
    private static string Explain(string error, string path)
    {
        var message = error.Replace(path, "input", StringComparison.Ordinal);
        // ffprobe says "moov atom not found" for anything named .mp4 it cannot read; only a file that starts
        // like an MP4/MOV (an ftyp/mdat/... box) is a real one cut short.
        if (message.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase) && StartsWithIsoBox(path))
            return "The file is not a video or audio file that can be read: it starts like an MP4/MOV but its index (the 'moov' atom) is missing, so it is probably truncated. Upload it again in full.";
        var detail = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? message;
        if (message.Contains("not on whitelist", StringComparison.OrdinalIgnoreCase))
            return "The file is a playlist or a container this service does not read from uploads (only the formats uploads are accepted in; no HLS, concat or other playlists).";
        if (detail.Contains("Invalid data found", StringComparison.OrdinalIgnoreCase))
            return "The file is not a video or audio file that can be read (ffprobe: Invalid data found when processing input).";
        return string.Create(CultureInfo.InvariantCulture, $"The file could not be read as video or audio ({detail.Trim()}).");
    }
}
