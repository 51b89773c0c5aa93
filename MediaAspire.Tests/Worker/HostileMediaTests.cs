using System.IO.Compression;
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

    /// <summary>A PNG whose header declares <paramref name="width"/> × <paramref name="height"/> over a few real bytes of pixels.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            return [.. BigEndian((uint)data.Length), .. typed, .. BigEndian(Crc32(typed))];
        }
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal)) zlib.Write(new byte[4096]);
        byte[] header = [.. BigEndian((uint)width), .. BigEndian((uint)height), 8, 6, 0, 0, 0];
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", pixels.ToArray()), .. Chunk("IEND", [])];
    }

    /// <summary>PNG's chunk checksum (CRC-32, polynomial 0xEDB88320).</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

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
        var bomb = await FileAsync($"bomb-{width}.png", PngDeclaring(width, height));

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
