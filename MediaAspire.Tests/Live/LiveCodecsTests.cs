using MediaAspire.GpuWorker.Live;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Live;

/// <summary>Which streams are recorded as they come: a segment of each kind, made with ffmpeg from a real photo and probed.</summary>
public sealed class LiveCodecsTests
{
    [Theory]
    [InlineData("libx264", "aac", null)]
    [InlineData("libx264", "libmp3lame", null)]
    [InlineData("mpeg2video", "aac", "the stream's video is mpeg2video; live streams are recorded as they come, so they must be H.264 (set the encoder to H.264 video and AAC audio)")]
    [InlineData("libx264", "ac3", "the stream's audio is ac3; live streams are recorded as they come, so it must be AAC or MP3 (set the encoder to AAC audio)")]
    public async Task A_segment_is_taken_or_refused_by_its_codecs(string video, string audio, string? refusal)
    {
        var segment = Path.Combine(Directory.CreateTempSubdirectory("mediaaspire-live-codecs-").FullName, "seg_00000.ts");
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(["-hide_banner", "-loglevel", "error", "-y", "-loop", "1", "-i", CutVideo.Photo("Kite"),
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "1", "-vf", "scale=320:180,format=yuv420p",
            "-c:v", video, "-c:a", audio, "-f", "mpegts", segment]) with { Purpose = "make a live segment" }, CancellationToken.None);
        Assert.Equal(refusal, LiveCodecs.Refusal(await new MediaProber().ProbeAsync(segment, CancellationToken.None)));
    }
}
