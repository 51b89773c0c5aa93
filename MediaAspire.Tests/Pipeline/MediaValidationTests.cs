using MediaAspire.GpuWorker.Probe;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Pipeline;

/// <summary>The probe stage as the pipeline's gate: what it accepts, and the reasons it gives for what it refuses.</summary>
public sealed class MediaValidationTests(PipelineMedia media) : IClassFixture<PipelineMedia>
{
    private readonly MediaProber _prober = new();

    private Task<UnreadableMediaException> RefusedAsync(string path) =>
        Assert.ThrowsAsync<UnreadableMediaException>(() => _prober.ProbeAsync(path, CancellationToken.None));

    [Fact]
    public async Task Hdr_transfer_is_recognised_and_sdr_is_not()
    {
        var hdr = Assert.Single((await _prober.ProbeAsync(media.Hdr, CancellationToken.None)).VideoStreams);
        var sdr = Assert.Single((await _prober.ProbeAsync(media.FullHd, CancellationToken.None)).VideoStreams);

        Assert.Equal(("smpte2084", true, "hevc"), (hdr.ColorTransfer, hdr.Hdr, hdr.Codec));
        Assert.False(sdr.Hdr);
    }

    [Fact]
    public async Task Audio_only_and_video_only_files_are_accepted()
    {
        var audio = await _prober.ProbeAsync(media.AudioOnly, CancellationToken.None);
        var video = await _prober.ProbeAsync(media.VideoOnly, CancellationToken.None);

        Assert.Equal((0, 1), (audio.VideoStreams.Count, audio.AudioStreams.Count));
        Assert.Null(audio.PrimaryVideo);
        Assert.Equal((1, 0), (video.VideoStreams.Count, video.AudioStreams.Count));
    }

    [Fact]
    public async Task A_zero_byte_file_is_refused()
    {
        var path = Path.Combine(media.Directory, "zero.mp4");
        await File.WriteAllBytesAsync(path, []);

        Assert.Equal("The file is empty (0 bytes).", (await RefusedAsync(path)).Message);
    }

    [Fact]
    public async Task An_mp4_cut_in_half_is_refused_as_truncated()
    {
        var whole = await File.ReadAllBytesAsync(media.VideoOnly);
        var path = Path.Combine(media.Directory, "cut.mp4");
        await File.WriteAllBytesAsync(path, whole[..(whole.Length / 2)]);

        Assert.Contains("truncated", (await RefusedAsync(path)).Message);
    }

    [Fact]
    public async Task A_faststart_mp4_cut_in_half_is_refused_as_truncated()
    {
        // Its index is intact at the front, so ffprobe alone reads it happily.
        var faststart = await TestMedia.FfmpegAsync(Path.Combine(media.Directory, "faststart.mp4"),
            "-i", media.FullHd, "-c", "copy", "-movflags", "+faststart");
        var whole = await File.ReadAllBytesAsync(faststart);
        var path = Path.Combine(media.Directory, "faststart-cut.mp4");
        await File.WriteAllBytesAsync(path, whole[..(whole.Length / 2)]);

        var error = await RefusedAsync(path);

        Assert.StartsWith("The file is truncated", error.Message);
    }

    [Fact]
    public async Task Random_bytes_are_refused_as_not_media()
    {
        var path = Path.Combine(media.Directory, "noise.mp4");
        await File.WriteAllBytesAsync(path, System.Security.Cryptography.RandomNumberGenerator.GetBytes(256 * 1024));

        Assert.Contains("not a video or audio file", (await RefusedAsync(path)).Message);
    }

    [Fact]
    public async Task A_text_file_named_mp4_is_refused_as_not_media()
    {
        var path = Path.Combine(media.Directory, "readme.mp4");
        await File.WriteAllTextAsync(path, "# Notes\nThis is not a video.\n");

        var error = await RefusedAsync(path);

        Assert.Contains("not a video or audio file", error.Message);
        Assert.DoesNotContain("truncated", error.Message);
    }
}
