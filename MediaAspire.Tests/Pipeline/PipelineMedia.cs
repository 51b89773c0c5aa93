using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Pipeline;

/// <summary>
/// Small, short inputs for the pipeline tests, generated once per test class with the real ffmpeg:
/// each stands for a kind of upload the pipeline must handle.
/// </summary>
public sealed class PipelineMedia : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("mediaaspire-pipeline-").FullName;

    /// <summary>1920x1080 30 fps H.264 + AAC, 2 s.</summary>
    public string FullHd { get; private set; } = null!;

    /// <summary>What a phone writes for portrait video: HEVC in .mov, stored landscape (640x360) with a display
    /// matrix turning it upright (360x640). Upright, the picture is red on top and blue below.</summary>
    public string PhonePortrait { get; private set; } = null!;

    /// <summary>30 fps for a second, then 15 fps: variable frame rate, 3 s.</summary>
    public string VariableFrameRate { get; private set; } = null!;

    public string AudioOnly { get; private set; } = null!;

    public string VideoOnly { get; private set; } = null!;

    /// <summary>One 3840x2160 frame.</summary>
    public string UltraHdFrame { get; private set; } = null!;

    /// <summary>10-bit HEVC tagged PQ (smpte2084) / BT.2020, as HDR phone video is.</summary>
    public string Hdr { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var x265Quiet = new[] { "-x265-params", "log-level=error" };
        var tasks = new[]
        {
            Make("fullhd.mp4", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=2",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"),
            MakePhoneAsync(x265Quiet),
            Make("vfr.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=3",
                "-vf", "select='lt(t,1)+not(mod(n,2))'", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast"),
            Make("audio.m4a", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2", "-c:a", "aac"),
            Make("video-only.mp4", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=1", "-c:v", "libx264", "-preset", "ultrafast"),
            Make("uhd-frame.mp4", "-f", "lavfi", "-i", "testsrc2=size=3840x2160:rate=25", "-frames:v", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
            Make("hdr.mov", ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1", "-c:v", "libx265", "-preset", "ultrafast", .. x265Quiet,
                "-pix_fmt", "yuv420p10le", "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc", "-tag:v", "hvc1"]),
        };
        var paths = await Task.WhenAll(tasks);
        (FullHd, PhonePortrait, VariableFrameRate, AudioOnly, VideoOnly, UltraHdFrame, Hdr) = (paths[0], paths[1], paths[2], paths[3], paths[4], paths[5], paths[6]);
    }

    private async Task<string> MakePhoneAsync(string[] x265Quiet)
    {
        // Upright picture: red over blue, 360x640. Stored turned 90° counter-clockwise (640x360), with a
        // display matrix (rotate=270 in ffmpeg 5.1's tag) that tells players to turn it back.
        var stored = await Make("phone-stored.mov", ["-f", "lavfi", "-i", "color=red:size=360x320:rate=30:duration=1",
            "-f", "lavfi", "-i", "color=blue:size=360x320:rate=30:duration=1",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1",
            "-filter_complex", "[0][1]vstack,transpose=2,format=yuv420p[v]", "-map", "[v]", "-map", "2",
            "-c:v", "libx265", "-preset", "ultrafast", .. x265Quiet, "-tag:v", "hvc1", "-c:a", "aac"]);
        return await Make("phone.mov", "-i", stored, "-c", "copy", "-tag:v", "hvc1", "-metadata:s:v:0", "rotate=270");
    }

    private Task<string> Make(string name, params string[] arguments) => TestMedia.FfmpegAsync(Path.Combine(Directory, name), arguments);

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
