using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Renditions;
using MediaAspire.Platform.Renditions;
using MediaAspire.Tests.Infrastructure;
using static MediaAspire.Tests.Infrastructure.MediaInspector;

namespace MediaAspire.Tests.Pipeline;

/// <summary>The renditions stage on real media, every output checked with ffprobe.</summary>
public sealed class RenditionMakerTests(PipelineMedia media) : IClassFixture<PipelineMedia>
{
    private readonly MediaProber _prober = new();
    private readonly RenditionMaker _maker = new();

    private async Task<(RenditionSet Set, string Output, List<double> Progress)> MakeAsync(string source, RenditionSettings? settings = null)
    {
        var output = Path.Combine(media.Directory, $"out-{Guid.NewGuid():N}");
        var probe = await _prober.ProbeAsync(source, CancellationToken.None);
        var progress = new List<double>();
        var set = await _maker.MakeAsync(source, probe, output, settings ?? new RenditionSettings(),
            p => { progress.Add(p); return Task.CompletedTask; }, CancellationToken.None);
        return (set, output, progress);
    }

    [Fact]
    public async Task Full_hd_with_audio_gets_a_faststart_480p_10fps_proxy_a_thumbnail_and_a_poster_from_one_run()
    {
        var (set, output, progress) = await MakeAsync(media.FullHd);

        Assert.Equal([RenditionKinds.Proxy, RenditionKinds.Thumbnail, RenditionKinds.Poster], set.Renditions.Select(r => r.Kind));
        var proxyPath = Path.Combine(output, "proxy.mp4");
        var proxy = await ProbeAsync(proxyPath);
        var video = Assert.Single(Streams(proxy, "video"));
        Assert.Equal(("h264", 854, 480, "10/1"),
            (video.GetProperty("codec_name").GetString(), video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32(), video.GetProperty("r_frame_rate").GetString()));
        var audio = Assert.Single(Streams(proxy, "audio"));
        Assert.Equal("aac", audio.GetProperty("codec_name").GetString());
        Assert.InRange(int.Parse(audio.GetProperty("bit_rate").GetString()!), 40_000, 80_000);
        Assert.True(MoovBeforeMdat(proxyPath), "the proxy is not faststart (moov after mdat)");
        Assert.InRange(Duration(proxy), 1.9, 2.15);
        Assert.Equal((854, 480, new FileInfo(proxyPath).Length), (set.Renditions[0].Width, set.Renditions[0].Height, set.Renditions[0].SizeBytes));

        var thumbnail = Assert.Single(Streams(await ProbeAsync(Path.Combine(output, "thumbnail.jpg")), "video"));
        Assert.Equal(("mjpeg", 320, 180), (thumbnail.GetProperty("codec_name").GetString(), thumbnail.GetProperty("width").GetInt32(), thumbnail.GetProperty("height").GetInt32()));
        var poster = Assert.Single(Streams(await ProbeAsync(Path.Combine(output, "poster.jpg")), "video"));
        Assert.Equal(("mjpeg", 1920, 1080), (poster.GetProperty("codec_name").GetString(), poster.GetProperty("width").GetInt32(), poster.GetProperty("height").GetInt32()));

        Assert.NotEmpty(progress);
        Assert.Equal(progress.Order(), progress);
        Assert.InRange(progress[^1], 0.9, 1.0);
    }

    [Fact]
    public async Task Rotated_hevc_phone_video_comes_out_upright()
    {
        var (_, output, _) = await MakeAsync(media.PhonePortrait);

        var proxyPath = Path.Combine(output, "proxy.mp4");
        var video = Assert.Single(Streams(await ProbeAsync(proxyPath), "video"));
        // Stored 640x360 turned sideways; shown 360x640. The proxy is stored upright, with no rotation to apply.
        Assert.Equal((360, 640, 0), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32(), Rotation(video)));
        AssertRedOverBlue(await PixelAsync(proxyPath, 360, 180, 40), await PixelAsync(proxyPath, 360, 180, 600));
        var posterPath = Path.Combine(output, "poster.jpg");
        var poster = Assert.Single(Streams(await ProbeAsync(posterPath), "video"));
        Assert.Equal((360, 640), (poster.GetProperty("width").GetInt32(), poster.GetProperty("height").GetInt32()));
        AssertRedOverBlue(await PixelAsync(posterPath, 360, 180, 40), await PixelAsync(posterPath, 360, 180, 600));
    }

    private static void AssertRedOverBlue((byte R, byte G, byte B) top, (byte R, byte G, byte B) bottom)
    {
        Assert.True(top.R > 180 && top.B < 80, $"top should be red, is {top}");
        Assert.True(bottom.B > 180 && bottom.R < 80, $"bottom should be blue, is {bottom}");
    }

    [Fact]
    public async Task Variable_frame_rate_becomes_a_constant_10fps_proxy_of_the_same_length()
    {
        var (_, output, _) = await MakeAsync(media.VariableFrameRate);

        var proxy = await ProbeAsync(Path.Combine(output, "proxy.mp4"));
        var video = Assert.Single(Streams(proxy, "video"));
        Assert.Equal(("10/1", "10/1"), (video.GetProperty("r_frame_rate").GetString(), video.GetProperty("avg_frame_rate").GetString()));
        Assert.Equal((320, 240), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.InRange(Duration(proxy), 2.8, 3.2);
    }

    [Fact]
    public async Task Audio_only_gets_an_audio_proxy_and_no_stills()
    {
        var (set, output, _) = await MakeAsync(media.AudioOnly);

        var rendition = Assert.Single(set.Renditions);
        Assert.Equal((RenditionKinds.Proxy, "audio/mp4"), (rendition.Kind, rendition.ContentType));
        Assert.Equal(["proxy.m4a"], set.Files);
        var proxyPath = Path.Combine(output, "proxy.m4a");
        var proxy = await ProbeAsync(proxyPath);
        Assert.Empty(Streams(proxy, "video"));
        Assert.Equal("aac", Assert.Single(Streams(proxy, "audio")).GetProperty("codec_name").GetString());
        Assert.True(MoovBeforeMdat(proxyPath));
        Assert.InRange(Duration(proxy), 1.9, 2.15);
    }

    [Fact]
    public async Task Video_without_audio_gets_a_silent_proxy_and_stills()
    {
        var (set, output, _) = await MakeAsync(media.VideoOnly);

        Assert.Equal([RenditionKinds.Proxy, RenditionKinds.Thumbnail, RenditionKinds.Poster], set.Renditions.Select(r => r.Kind));
        var proxy = await ProbeAsync(Path.Combine(output, "proxy.mp4"));
        Assert.Empty(Streams(proxy, "audio"));
        var video = Assert.Single(Streams(proxy, "video"));
        Assert.Equal((640, 360), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
    }

    [Fact]
    public async Task A_single_4K_frame_gets_a_full_size_poster()
    {
        var (_, output, _) = await MakeAsync(media.UltraHdFrame);

        var poster = Assert.Single(Streams(await ProbeAsync(Path.Combine(output, "poster.jpg")), "video"));
        Assert.Equal((3840, 2160), (poster.GetProperty("width").GetInt32(), poster.GetProperty("height").GetInt32()));
        var thumbnail = Assert.Single(Streams(await ProbeAsync(Path.Combine(output, "thumbnail.jpg")), "video"));
        Assert.Equal((320, 180), (thumbnail.GetProperty("width").GetInt32(), thumbnail.GetProperty("height").GetInt32()));
        var proxy = Assert.Single(Streams(await ProbeAsync(Path.Combine(output, "proxy.mp4")), "video"));
        Assert.Equal((854, 480), (proxy.GetProperty("width").GetInt32(), proxy.GetProperty("height").GetInt32()));
    }

    [Fact]
    public async Task Hdr_video_is_tone_mapped_to_8_bit_sdr()
    {
        var (_, output, _) = await MakeAsync(media.Hdr);

        var video = Assert.Single(Streams(await ProbeAsync(Path.Combine(output, "proxy.mp4")), "video"));
        Assert.Equal("yuv420p", video.GetProperty("pix_fmt").GetString());
        Assert.NotEqual("smpte2084", video.TryGetProperty("color_transfer", out var transfer) ? transfer.GetString() : null);
    }

    [Fact]
    public async Task The_hls_ladder_has_a_master_playlist_over_360p_and_720p_variants()
    {
        var (set, output, _) = await MakeAsync(media.FullHd, new RenditionSettings { HlsEnabled = true, HlsSegmentSeconds = 1 });

        var hls = Assert.Single(set.Renditions, r => r.Kind == RenditionKinds.Hls);
        Assert.Equal(("hls/master.m3u8", 1280, 720), (hls.RelativePath, hls.Width, hls.Height));
        var master = await File.ReadAllTextAsync(Path.Combine(output, "hls", "master.m3u8"));
        Assert.Contains("RESOLUTION=640x360\n360p/index.m3u8", master);
        Assert.Contains("RESOLUTION=1280x720\n720p/index.m3u8", master);
        Assert.Contains(set.Files, f => f.StartsWith("hls/720p/seg_", StringComparison.Ordinal) && f.EndsWith(".ts", StringComparison.Ordinal));
        var variant = await ProbeAsync(Path.Combine(output, "hls", "720p", "index.m3u8"));
        var video = Assert.Single(Streams(variant, "video"));
        Assert.Equal(("h264", 1280, 720), (video.GetProperty("codec_name").GetString(), video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Single(Streams(variant, "audio"));
        Assert.InRange(Duration(variant), 1.8, 2.3);
    }

    /// <remarks>testsrc2 moves and draws a frame counter, so frames a second apart differ clearly; the thumbnail is
    /// compared with the source's frames at the expected time and at the times other rules would pick.</remarks>
    [Theory]
    [InlineData(12, 5.0, new[] { 4.0, 6.0 })]   // long enough: at StillAtSeconds, not the midpoint (6 s)
    [InlineData(4, 1.9, new[] { 0.9, 2.9 })]    // shorter than twice StillAtSeconds: the midpoint, one frame (10 fps) early
    public async Task The_thumbnail_is_taken_at_5_s_or_the_midpoint_of_shorter_clips(int seconds, double expected, double[] others)
    {
        var source = await TestMedia.FfmpegAsync(Path.Combine(media.Directory, $"counter-{seconds}s.mp4"),
            "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate=10:duration={seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

        var (_, output, _) = await MakeAsync(source);

        var thumbnail = await FrameAsync(Path.Combine(output, "thumbnail.jpg"));
        var atExpected = MeanDifference(thumbnail, await FrameAsync(source, expected));
        foreach (var other in others)
        {
            var atOther = MeanDifference(thumbnail, await FrameAsync(source, other));
            Assert.True(atExpected < atOther / 4, $"the thumbnail differs from the {expected} s frame by {atExpected:F1} and from the {other} s frame by {atOther:F1}");
        }
    }

    [Fact]
    public async Task Cancelling_kills_ffmpeg_and_leaves_no_output()
    {
        var output = Path.Combine(media.Directory, $"cancelled-{Guid.NewGuid():N}");
        var probe = await _prober.ProbeAsync(media.FullHd, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        // Slow settings so ffmpeg is certainly still encoding when the first progress report arrives.
        var slow = new RenditionSettings { ProxyPreset = "placebo", ProxyFrameRate = 30, HlsEnabled = true };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _maker.MakeAsync(media.FullHd, probe, output, slow,
            _ => cancel.CancelAsync(), cancel.Token));

        Assert.False(Directory.Exists(output));
    }
}
