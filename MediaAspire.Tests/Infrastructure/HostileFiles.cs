using System.IO.Compression;
using System.Text;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>Files built to attack a decoder, shared by the probe's tests and the API's fuzzing.</summary>
public static class HostileFiles
{
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
}
