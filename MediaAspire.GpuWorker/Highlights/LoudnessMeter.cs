using System.Globalization;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Processes;

namespace MediaAspire.GpuWorker.Highlights;

/// <summary>
/// The recording's loudness, second by second: ffmpeg's <c>ebur128</c> momentary loudness (400 ms, K-weighted, in
/// LUFS) from one audio-only decode (only the audio stream is mapped, so no video is decoded), averaged per second.
/// </summary>
public static class LoudnessMeter
{
    /// <param name="scratchFile">Where ffmpeg writes the per-frame measurements (a file: stdout carries progress).</param>
    /// <returns>Index i is [i, i+1) s; seconds without audio frames are <paramref name="floor"/>.</returns>
    /// <exception cref="FfmpegFailedException">The audio could not be decoded.</exception>
    public static async Task<double[]> MeasureAsync(string source, double durationSeconds, string scratchFile, double floor,
        Func<double, Task>? onProgress, CancellationToken cancellationToken)
    {
        // 100 ms frames: ten readings a second whatever the codec's frame size.
        var measurements = Path.GetFileName(scratchFile);
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(
            ["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1", .. UploadedInput.Options, "-i", source,
             "-map", "0:a:0", "-vn", "-sn", "-dn",
             "-af", $"asetnsamples=n=4800:p=0,ebur128=metadata=1,ametadata=mode=print:key=lavfi.r128.M:file={measurements}",
             "-f", "null", "-"]) with
            {
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(scratchFile))!,
                Purpose = "measure the audio's loudness",
            }, cancellationToken, onProgress, durationSeconds);
        return PerSecond(File.ReadLines(scratchFile), durationSeconds, floor);
    }

    /// <summary>Reads ametadata's print format (<c>frame:0 pts:0 pts_time:0</c> then <c>lavfi.r128.M=-23.1</c>).</summary>
    internal static double[] PerSecond(IEnumerable<string> lines, double durationSeconds, double floor)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(durationSeconds));
        var sums = new double[seconds];
        var counts = new int[seconds];
        var time = 0.0;
        foreach (var line in lines)
        {
            var at = line.IndexOf("pts_time:", StringComparison.Ordinal);
            if (at >= 0)
            {
                double.TryParse(line.AsSpan(at + "pts_time:".Length).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out time);
                continue;
            }
            if (!line.StartsWith("lavfi.r128.M=", StringComparison.Ordinal)) continue;
            if (!double.TryParse(line.AsSpan("lavfi.r128.M=".Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var lufs)) continue;
            var second = Math.Clamp((int)time, 0, seconds - 1);
            sums[second] += Math.Max(floor, lufs);
            counts[second]++;
        }
        var perSecond = new double[seconds];
        for (var i = 0; i < seconds; i++) perSecond[i] = counts[i] == 0 ? floor : sums[i] / counts[i];
        return perSecond;
    }
}
