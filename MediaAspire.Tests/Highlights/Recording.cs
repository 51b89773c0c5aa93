using System.Globalization;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Highlights;

/// <summary>
/// A stream recording made with the real ffmpeg from a Debian wallpaper photo and a quiet tone, with stretches where
/// the tone is loud (shouting, in this test's world) at known times.
/// </summary>
public static class Recording
{
    /// <param name="loud">Stretches (seconds) where the audio is 26 dB louder than the rest.</param>
    public static Task<string> MakeAsync(string directory, double seconds, IReadOnlyList<(double From, double To)> loud,
        int width = 320, int height = 180, int fps = 25, string photo = "Autumn")
    {
        // The photo is scaled once a second and the frames repeated: scaling a 2560x1600 JPEG 25 times a second would cost more than the test.
        var gain = loud.Count == 0 ? "0.05" : string.Concat(loud.Select(l => string.Create(CultureInfo.InvariantCulture, $"if(between(t,{l.From},{l.To}),1,"))) + "0.05" + new string(')', loud.Count);
        var id = Guid.NewGuid().ToString("N");
        return TestMedia.FfmpegAsync(Path.Combine(directory, $"recording-{id}.mp4"),
            "-loop", "1", "-framerate", "1", "-i", CutVideo.Photo(photo),
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"sine=frequency=440:sample_rate=48000:duration={seconds}"),
            "-filter_complex", string.Create(CultureInfo.InvariantCulture,
                $"[0:v]scale={width}:{height}:force_original_aspect_ratio=increase,crop={width}:{height},fps={fps},format=yuv420p[v];[1:a]volume='{gain}':eval=frame[a]"),
            "-map", "[v]", "-map", "[a]", "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-g", (2 * fps).ToString(CultureInfo.InvariantCulture), "-c:a", "aac", "-b:a", "96k",
            "-metadata", $"comment={id}");
    }
}
