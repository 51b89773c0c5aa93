using System.Text;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace MediaAspire.Tests.Worker;

/// <summary>Files built to attack the decoder: each is refused by the probe, with a reason, before any stage decodes it.</summary>
public sealed class HostileMediaTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mediaaspire-hostile-").FullName;
    private readonly MediaProber _prober = new();

    private async Task<string> FileAsync(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(100_000, 100_000)]
    [InlineData(16_000, 16_000)]
    public async Task A_picture_header_declaring_a_giant_image_is_refused_without_decoding_it(int width, int height)
    {
        var bomb = await FileAsync($"bomb-{width}.png", HostileFiles.PngDeclaring(width, height));

        var refused = await Assert.ThrowsAsync<UnreadableMediaException>(() => _prober.ProbeAsync(bomb, CancellationToken.None));

        Assert.Contains("larger than 67,108,864 pixels", refused.Message);
    }

    [Fact]
    public async Task Playlists_and_concat_lists_naming_local_files_are_refused()
    {
        var secret = await FileAsync("secret.mp4", await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(_dir, 160, 120, 10, 1)));
        var hls = await FileAsync("list.m3u8", Encoding.ASCII.GetBytes($"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://{secret}\n#EXT-X-ENDLIST\n"));
        var concat = await FileAsync("list.txt", Encoding.ASCII.GetBytes($"ffconcat version 1.0\nfile '{secret}'\n"));

        var viaHls = await Assert.ThrowsAsync<UnreadableMediaException>(() => _prober.ProbeAsync(hls, CancellationToken.None));
        var viaConcat = await Assert.ThrowsAsync<UnreadableMediaException>(() => _prober.ProbeAsync(concat, CancellationToken.None));

        Assert.Contains("playlist", viaHls.Message);
        Assert.Contains("playlist", viaConcat.Message);
        // The file they name is readable on its own: the lists were refused for what they are.
        Assert.Single((await _prober.ProbeAsync(secret, CancellationToken.None)).VideoStreams);
    }

    [Theory]
    [InlineData("MaxDimension", "100", "larger than this service decodes")]
    [InlineData("MaxDurationSeconds", "1", "s of media, more than the 1 s")]
    [InlineData("MaxFrames", "10", "more than the 10 this service decodes")]
    [InlineData("MaxDecodedFrameBytes", "1000", "MiB limit")]
    public async Task Media_over_a_limit_is_refused_from_its_probe(string limit, string value, string reason)
    {
        var video = await TestMedia.TestPatternAsync(_dir, 320, 240, 10, 2);
        var limits = new MediaLimits();
        typeof(MediaLimits).GetProperty(limit)!.SetValue(limits, Convert.ChangeType(value, typeof(MediaLimits).GetProperty(limit)!.PropertyType,
            System.Globalization.CultureInfo.InvariantCulture));

        var refused = await Assert.ThrowsAsync<UnreadableMediaException>(() => new MediaProber(Options.Create(limits)).ProbeAsync(video, CancellationToken.None));

        Assert.Contains(reason, refused.Message);
        Assert.Single((await _prober.ProbeAsync(video, CancellationToken.None)).VideoStreams);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
