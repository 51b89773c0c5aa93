using System.Globalization;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Captions;
using MediaAspire.Platform.Clips;
using MediaAspire.Platform.Processes;

namespace MediaAspire.GpuWorker.Clips;

/// <summary>
/// Pipeline stage "clip": a local source and one range in, an MP4 of that range out, in one of the <see cref="ClipModes"/>.
/// Copy starts at the keyframe at or before the start (and says so); precise re-encodes from the exact frame; smart
/// copies the whole GOPs inside the range and re-encodes only the partial GOPs at the edges (the audio, cheap to encode,
/// is re-encoded over the exact range); vertical crops 9:16 along <see cref="VerticalFraming"/>'s path, captions burned in.
/// </summary>
public sealed class ClipCutter(FaceDetector faces)
{
    /// <param name="work">A directory of this cut's own for intermediate files.</param>
    /// <exception cref="FfmpegFailedException">ffmpeg could not cut it.</exception>
    public async Task<CutClip> CutAsync(string source, MediaProbe probe, PlannedClip clip, string output, string work, ClipSettings settings,
        Func<double, Task>? onProgress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(work);
        var video = probe.PrimaryVideo;
        switch (clip.Mode)
        {
            case ClipModes.Copy when video is not null:
                return await CopyAsync(source, clip, output, work, onProgress, cancellationToken);
            case ClipModes.Copy:
                await RunAsync(work, clip.End - clip.Start, onProgress, cancellationToken,
                    [.. Seek(clip.Start), .. UploadedInput.Options, "-i", source, .. Length(clip.End - clip.Start), "-map", "0:a:0", "-c", "copy", .. Mp4(output)]);
                return new CutClip(output, clip.Start, clip.End);
            case ClipModes.Smart when video is not null && EdgeEncoder(video.Codec) is not null:
                return await SmartAsync(source, video, clip, output, work, settings, onProgress, cancellationToken);
            case ClipModes.Vertical when video is not null:
                return await VerticalAsync(source, video, clip, output, work, settings, onProgress, cancellationToken);
            default:
                // Precise, and smart for a codec the edges cannot be re-encoded in to match.
                await RunAsync(work, clip.End - clip.Start, onProgress, cancellationToken,
                    [.. Seek(clip.Start), .. UploadedInput.Options, "-i", source, .. Length(clip.End - clip.Start), "-map", "0:v:0?", "-map", "0:a:0?",
                     .. VideoEncoder(settings), .. AudioEncoder(settings), .. Mp4(output)]);
                return new CutClip(output, clip.Start, clip.End);
        }
    }

    private static async Task<CutClip> CopyAsync(string source, PlannedClip clip, string output, string work, Func<double, Task>? onProgress,
        CancellationToken cancellationToken)
    {
        var keyframes = await KeyframeIndex.ReadAsync(source, clip.Start, clip.Start, cancellationToken);
        var start = keyframes.LastOrDefault(k => k <= clip.Start + 1e-6, 0);
        // A hair past the keyframe: the demuxer seeks to the keyframe at or before the target, which is this one.
        await RunAsync(work, clip.End - start, onProgress, cancellationToken,
            [.. Seek(start + 0.001), .. UploadedInput.Options, "-i", source, .. Length(clip.End - start), "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
             "-avoid_negative_ts", "make_zero", .. Mp4(output)]);
        return new CutClip(output, Math.Round(start, 3), clip.End);
    }

    private async Task<CutClip> SmartAsync(string source, VideoStreamInfo video, PlannedClip clip, string output, string work, ClipSettings settings,
        Func<double, Task>? onProgress, CancellationToken cancellationToken)
    {
        var keyframes = await KeyframeIndex.ReadAsync(source, clip.Start, clip.End, cancellationToken);
        var halfFrame = 0.5 / Math.Max(1, video.AverageFrameRate > 0 ? video.AverageFrameRate : video.FrameRate);
        var first = keyframes.FirstOrDefault(k => k >= clip.Start - halfFrame, double.NaN);
        var last = keyframes.LastOrDefault(k => k <= clip.End - halfFrame, double.NaN);
        var duration = clip.End - clip.Start;
        if (double.IsNaN(first) || double.IsNaN(last) || last <= first)
        {
            // No whole GOP inside the range: nothing to copy, so it is a precise cut.
            return await CutAsync(source, new MediaProbe(duration, "", "", null, [video], []), clip with { Mode = ClipModes.Precise },
                output, work, settings, onProgress, cancellationToken);
        }

        var (encoder, annexB) = EdgeEncoder(video.Codec)!.Value;
        var parts = new List<string>();
        var edge = (string[])[.. encoder, "-preset", settings.Preset, "-crf", settings.Crf.ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", video.PixelFormat ?? "yuv420p", "-an", "-f", "mpegts"];
        if (first - clip.Start > halfFrame)
        {
            parts.Add("head.ts");
            await RunAsync(work, first - clip.Start, null, cancellationToken, [.. Seek(clip.Start), .. UploadedInput.Options, "-i", source, .. Length(first - clip.Start), "-map", "0:v:0", .. edge, "head.ts"]);
        }
        parts.Add("middle.ts");
        await RunAsync(work, last - first, null, cancellationToken,
            [.. Seek(first + 0.001), .. UploadedInput.Options, "-i", source, .. Length(last - first - halfFrame), "-map", "0:v:0", "-c:v", "copy", "-bsf:v", annexB, "-an", "-f", "mpegts", "middle.ts"]);
        if (clip.End - last > halfFrame)
        {
            parts.Add("tail.ts");
            await RunAsync(work, clip.End - last, null, cancellationToken, [.. Seek(last), .. UploadedInput.Options, "-i", source, .. Length(clip.End - last), "-map", "0:v:0", .. edge, "tail.ts"]);
        }
        await File.WriteAllLinesAsync(Path.Combine(work, "parts.txt"), parts.Select(p => $"file '{p}'"), cancellationToken);
        await RunAsync(work, duration, onProgress, cancellationToken,
            ["-f", "concat", "-safe", "0", "-i", "parts.txt", .. Seek(clip.Start), .. UploadedInput.Options, "-i", source, .. Length(duration),
             "-map", "0:v:0", "-map", "1:a:0?", "-c:v", "copy", .. AudioEncoder(settings), .. Mp4(output)]);
        return new CutClip(output, clip.Start, clip.End);
    }

    private async Task<CutClip> VerticalAsync(string source, VideoStreamInfo video, PlannedClip clip, string output, string work, ClipSettings settings,
        Func<double, Task>? onProgress, CancellationToken cancellationToken)
    {
        var duration = clip.End - clip.Start;
        var crop = await Task.Run(() => VerticalFraming.Plan(source, clip.Start, clip.End, video.Width, video.Height, faces, settings, cancellationToken), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(work, "crop.cmd"), crop.ToSendCommands("crop@follow", duration), cancellationToken);
        var filter = string.Create(CultureInfo.InvariantCulture, $"sendcmd=f=crop.cmd,crop@follow=w={crop.Width}:h={crop.Height}:x={crop.XAt(0)}:y={crop.Y}");
        if (clip.Captions is { } captions)
        {
            await File.WriteAllTextAsync(Path.Combine(work, "captions.srt"), TimedText.ToSrt(TimedText.Parse(captions), clip.Start, clip.End), cancellationToken);
            filter += string.Create(CultureInfo.InvariantCulture, $",subtitles=captions.srt:force_style='Fontsize={settings.CaptionFontSize},Outline=2,MarginV=24'");
        }
        await RunAsync(work, duration, onProgress, cancellationToken,
            [.. Seek(clip.Start), .. UploadedInput.Options, "-i", source, .. Length(duration), "-map", "0:v:0", "-map", "0:a:0?", "-vf", filter,
             .. VideoEncoder(settings), .. AudioEncoder(settings), .. Mp4(output)]);
        return new CutClip(output, clip.Start, clip.End);
    }

    /// <summary>The encoder the edges of a smart cut are made with, and the filter that makes the copied middle joinable; null when unsupported.</summary>
    private static (string[] Encoder, string AnnexB)? EdgeEncoder(string codec) => codec switch
    {
        "h264" => (["-c:v", "libx264"], "h264_mp4toannexb"),
        "hevc" => (["-c:v", "libx265", "-x265-params", "log-level=error"], "hevc_mp4toannexb"),
        _ => null,
    };

    private static string[] Seek(double at) => ["-ss", at.ToString("0.###", CultureInfo.InvariantCulture)];

    private static string[] Length(double seconds) => ["-t", seconds.ToString("0.###", CultureInfo.InvariantCulture)];

    private static string[] VideoEncoder(ClipSettings settings) =>
        ["-c:v", "libx264", "-preset", settings.Preset, "-crf", settings.Crf.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p"];

    private static string[] AudioEncoder(ClipSettings settings) => ["-c:a", "aac", "-b:a", settings.AudioBitrate];

    private static string[] Mp4(string output) => ["-movflags", "+faststart", "-f", "mp4", output];

    private static Task RunAsync(string work, double duration, Func<double, Task>? onProgress, CancellationToken cancellationToken, string[] arguments) =>
        FfmpegLauncher.RunAsync(
            FfmpegCommand.Ffmpeg(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1", .. arguments])
                with { WorkingDirectory = work, Purpose = "cut the clip" },
            cancellationToken, onProgress, duration);
}
