using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;
using MediaAspire.Platform.Assets;

namespace MediaAspire.GpuWorker.Probe;

/// <summary>
/// Pipeline stage "probe": a local media file in, a <see cref="MediaProbe"/> out, via ffprobe.
/// Pure apart from running ffprobe, so the worker, the CLI and tests share it.
/// </summary>
public sealed class MediaProber
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <exception cref="UnreadableMediaException">ffprobe cannot read the file, or it holds no audio or video.</exception>
    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        if (new FileInfo(path).Length == 0) throw new UnreadableMediaException("The file is empty (0 bytes).");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UnreadableMediaException($"Reading the file's structure took longer than {Timeout.TotalSeconds:F0} s; it is probably damaged.");
        }
        catch (Exception e) when (e is FFMpegException or FormatNullException or System.Text.Json.JsonException)
        {
            throw new UnreadableMediaException(Explain(e, path));
        }

        if (analysis.VideoStreams.Count == 0 && analysis.AudioStreams.Count == 0)
            throw new UnreadableMediaException("The file contains no video or audio stream.");

        return new MediaProbe(
            Seconds(analysis.Duration),
            analysis.Format.FormatName,
            analysis.Format.FormatLongName ?? analysis.Format.FormatName,
            analysis.Format.BitRate is > 0 ? (long)analysis.Format.BitRate.Value : null,
            analysis.VideoStreams.Select(ToInfo).ToList(),
            analysis.AudioStreams.Select(a => new AudioStreamInfo(
                a.Index, a.CodecName ?? "unknown", a.Channels, a.SampleRateHz, a.BitRate is > 0 ? a.BitRate : null, Seconds(a.Duration))).ToList());
    }

    private static VideoStreamInfo ToInfo(VideoStream v)
    {
        var rotation = NormaliseRotation(v.Rotation);
        int width = v.Width ?? 0, height = v.Height ?? 0;
        var sideways = rotation is 90 or 270;
        return new VideoStreamInfo(
            v.Index, v.CodecName ?? "unknown", NullIfEmpty(v.Profile), width, height,
            sideways ? height : width, sideways ? width : height,
            Math.Round(v.RealFrameRate, 3), Math.Round(v.AverageFrameRate, 3),
            IsVariableFrameRate(v), rotation, NullIfEmpty(v.PixelFormat),
            v.BitRate is > 0 ? v.BitRate : null, Seconds(v.Duration));
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

    /// <summary>ffprobe's last complaint, without our temp path, in a sentence a user can act on.</summary>
    private static string Explain(Exception e, string path)
    {
        var detail = e.Message.Replace(path, "input", StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => !l.StartsWith("ffprobe", StringComparison.OrdinalIgnoreCase)) ?? e.Message;
        if (detail.Contains("Invalid data found", StringComparison.OrdinalIgnoreCase))
            return "The file is not a video or audio file that can be read (ffprobe: Invalid data found when processing input).";
        return string.Create(CultureInfo.InvariantCulture, $"The file could not be read as video or audio ({detail.Trim()}).");
    }
}
