using MediaAspire.Platform.Processes;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>Test media made with the real ffmpeg, in the test, from lavfi sources.</summary>
public static class TestMedia
{
    /// <summary>Runs ffmpeg with <paramref name="arguments"/> (output path last) and returns the output path.</summary>
    public static async Task<string> FfmpegAsync(string output, params string[] arguments)
    {
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(["-hide_banner", "-loglevel", "error", "-y", .. arguments, output]), CancellationToken.None);
        return output;
    }

    /// <summary>H.264 + AAC MP4: test pattern at <paramref name="fps"/> and a 440 Hz tone.</summary>
    /// <remarks>Each call's file is unique (an id in its metadata): the API dedupes identical bytes, and tests must not see each other's assets.</remarks>
    public static Task<string> TestPatternAsync(string directory, int width = 1280, int height = 720, int fps = 30, double seconds = 3)
    {
        var id = Guid.NewGuid().ToString("N");
        return FfmpegAsync(Path.Combine(directory, $"pattern-{width}x{height}-{fps}-{id}.mp4"),
            "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-shortest",
            "-metadata", $"comment={id}");
    }
}
