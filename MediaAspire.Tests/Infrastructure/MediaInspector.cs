using System.Text;
using System.Text.Json;
using MediaAspire.Platform.Processes;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>Checks outputs with the real ffprobe/ffmpeg: streams, the MP4 box order, pixel colours.</summary>
public static class MediaInspector
{
    /// <summary>ffprobe's JSON for the file's streams (with side data) and format.</summary>
    public static async Task<JsonElement> ProbeAsync(string path)
    {
        var json = await FfmpegLauncher.ReadOutputAsync(
            FfmpegCommand.Ffprobe("-v", "error", "-print_format", "json", "-show_streams", "-show_format", path), CancellationToken.None);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    public static JsonElement[] Streams(JsonElement probe, string codecType) =>
        probe.GetProperty("streams").EnumerateArray().Where(s => s.GetProperty("codec_type").GetString() == codecType).ToArray();

    public static double Duration(JsonElement probe) =>
        double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A stream's rotation from its display matrix, 0 when it has none.</summary>
    public static int Rotation(JsonElement stream) =>
        stream.TryGetProperty("side_data_list", out var list)
            ? list.EnumerateArray().Where(d => d.TryGetProperty("rotation", out _)).Select(d => d.GetProperty("rotation").GetInt32()).FirstOrDefault()
            : 0;

    /// <summary>Whether the MP4's index (moov) comes before its media (mdat): "faststart", playable while downloading.</summary>
    public static bool MoovBeforeMdat(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[16];
        while (file.Position + 8 <= file.Length)
        {
            var start = file.Position;
            file.ReadExactly(header[..8]);
            long size = (uint)(header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3]);
            var type = Encoding.ASCII.GetString(header[4..8]);
            if (size == 1)
            {
                file.ReadExactly(header[8..16]);
                size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header[8..16]);
            }
            if (type == "moov") return true;
            if (type == "mdat") return false;
            if (size < 8) return false;
            file.Position = start + size;
        }
        return false;
    }

    /// <summary>The RGB colour at (x, y) of the first frame, as ffmpeg decodes (and autorotates) it.</summary>
    public static async Task<(byte R, byte G, byte B)> PixelAsync(string path, int width, int x, int y)
    {
        var rgb = await FrameAsync(path);
        var i = (y * width + x) * 3;
        return (rgb[i], rgb[i + 1], rgb[i + 2]);
    }

    /// <summary>One frame as packed RGB bytes: the first (of a video, or an image's only one), or the first at or after <paramref name="atSeconds"/>.</summary>
    public static async Task<byte[]> FrameAsync(string path, double? atSeconds = null)
    {
        using var ffmpeg = FfmpegLauncher.Start(FfmpegCommand.Ffmpeg([
            "-v", "error",
            .. atSeconds is { } t ? new[] { "-ss", t.ToString(System.Globalization.CultureInfo.InvariantCulture) } : [],
            "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]), CancellationToken.None);
        using var frame = new MemoryStream();
        await ffmpeg.StandardOutput.BaseStream.CopyToAsync(frame);
        await ffmpeg.CompleteAsync();
        return frame.ToArray();
    }

    /// <summary>How many frames the first video stream decodes to (ffprobe decodes them all to count).</summary>
    public static async Task<int> DecodedFramesAsync(string path)
    {
        var output = await FfmpegLauncher.ReadOutputAsync(
            FfmpegCommand.Ffprobe("-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path),
            CancellationToken.None);
        return int.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Mean absolute difference of two same-sized RGB frames, 0 (equal) to 255.</summary>
    public static double MeanDifference(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0;
        for (var i = 0; i < a.Length; i++) sum += Math.Abs(a[i] - b[i]);
        return sum / (double)a.Length;
    }
}
