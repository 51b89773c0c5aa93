using MediaAspire.GpuWorker.Probe;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Worker;

public sealed class MediaProberTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mediaaspire-probe-").FullName;
    private readonly MediaProber _prober = new();

    [Fact]
    public async Task Reads_what_ffmpeg_generated()
    {
        var path = await TestMedia.TestPatternAsync(_dir, 640, 360, fps: 25, seconds: 2);

        var probe = await _prober.ProbeAsync(path, CancellationToken.None);

        Assert.Contains("mp4", probe.Container);
        Assert.InRange(probe.DurationSeconds, 1.9, 2.1);
        var video = Assert.Single(probe.VideoStreams);
        Assert.Equal(("h264", 640, 360, 0), (video.Codec, video.Width, video.Height, video.Rotation));
        Assert.Equal(25, video.FrameRate, 2);
        Assert.False(video.VariableFrameRate);
        var audio = Assert.Single(probe.AudioStreams);
        Assert.Equal(("aac", 1, 48000), (audio.Codec, audio.Channels, audio.SampleRate));
        Assert.True(probe.BitRate > 0);
    }

    [Fact]
    public async Task Reports_rotation_and_display_size_of_portrait_phone_video()
    {
        var source = await TestMedia.TestPatternAsync(_dir, 640, 360, seconds: 1);
        // ffmpeg 5.1 turns this tag into the display matrix a phone writes for portrait video
        // (ffprobe: "rotation": -90), which players show turned 90 degrees clockwise.
        var rotated = await TestMedia.FfmpegAsync(Path.Combine(_dir, "rotated.mp4"),
            "-i", source, "-c", "copy", "-metadata:s:v:0", "rotate=270");

        var video = Assert.Single((await _prober.ProbeAsync(rotated, CancellationToken.None)).VideoStreams);

        Assert.Equal((90, 640, 360, 360, 640), (video.Rotation, video.Width, video.Height, video.DisplayWidth, video.DisplayHeight));
    }

    [Fact]
    public async Task Detects_variable_frame_rate()
    {
        // 30 fps for the first second, then every other frame dropped: 15 fps.
        var path = await TestMedia.FfmpegAsync(Path.Combine(_dir, "vfr.mp4"),
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=3",
            "-vf", "select='lt(t,1)+not(mod(n,2))'", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast");

        var video = Assert.Single((await _prober.ProbeAsync(path, CancellationToken.None)).VideoStreams);

        Assert.True(video.VariableFrameRate, $"nominal {video.FrameRate}, average {video.AverageFrameRate}");
        Assert.InRange(video.AverageFrameRate, 17, 23);
    }

    [Fact]
    public async Task Refuses_a_text_file_with_a_plain_reason()
    {
        var path = Path.Combine(_dir, "notes.mp4");
        await File.WriteAllTextAsync(path, "These are meeting notes, not a video.\n");

        var error = await Assert.ThrowsAsync<UnreadableMediaException>(() => _prober.ProbeAsync(path, CancellationToken.None));

        Assert.Contains("not a video or audio file", error.Message);
        Assert.DoesNotContain(_dir, error.Message);
    }

    [Fact]
    public async Task Refuses_an_empty_file()
    {
        var path = Path.Combine(_dir, "empty.mov");
        await File.WriteAllBytesAsync(path, []);

        var error = await Assert.ThrowsAsync<UnreadableMediaException>(() => _prober.ProbeAsync(path, CancellationToken.None));

        Assert.Equal("The file is empty (0 bytes).", error.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
