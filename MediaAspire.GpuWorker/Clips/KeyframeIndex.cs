using System.Globalization;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Processes;

namespace MediaAspire.GpuWorker.Clips;

/// <summary>Where the first video stream's keyframes are, read from packet flags (no decoding).</summary>
public static class KeyframeIndex
{
    /// <summary>How far before a range the keyframe at or before its start is looked for first (wider only when none is found).</summary>
    private const double LookBehindSeconds = 30;

    /// <returns>Keyframe times from the keyframe at or before <paramref name="from"/> up to <paramref name="to"/>, ascending.</returns>
    public static async Task<IReadOnlyList<double>> ReadAsync(string source, double from, double to, CancellationToken cancellationToken)
    {
        var keyframes = await ReadIntervalAsync(source, Math.Max(0, from - LookBehindSeconds), to, cancellationToken);
        if (keyframes.Count == 0 || keyframes[0] > from + 1e-6) keyframes = await ReadIntervalAsync(source, 0, to, cancellationToken);
        return keyframes;
    }

    private static async Task<List<double>> ReadIntervalAsync(string source, double from, double to, CancellationToken cancellationToken)
    {
        var output = await FfmpegLauncher.ReadOutputAsync(FfmpegCommand.Ffprobe(
            [.. UploadedInput.Options, "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0",
             "-read_intervals", string.Create(CultureInfo.InvariantCulture, $"{from:0.###}%{to + 0.5:0.###}"), source]), cancellationToken);
        var keyframes = new List<double>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',');
            if (fields.Length >= 2 && fields[1].Contains('K') && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                keyframes.Add(t);
        }
        keyframes.Sort();
        return keyframes;
    }
}
