using System.Buffers.Binary;

namespace MediaAspire.Api.Brands;

/// <summary>
/// What a logo upload is before anything decodes it: PNG or JPEG (by its first bytes, not its name or declared type)
/// and the picture size its header states, so a file that is not an image is refused with 415 and an oversized one
/// with 400 before a decoder allocates anything.
/// </summary>
internal sealed record LogoFile(string Format, int Width, int Height)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MinSide = 16;
    public const int MaxSide = 8192;
    public const long MaxPixels = 40_000_000;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <returns>Null when the bytes are neither a PNG nor a JPEG with a readable header.</returns>
    public static LogoFile? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual(PngSignature) && bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
            return new LogoFile("png", BinaryPrimitives.ReadInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..]));
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 || bytes[2] != 0xFF) return null;
        // JPEG: walk the marker segments to the start of frame, which holds the size.
        var at = 2;
        while (at + 9 < bytes.Length)
        {
            if (bytes[at] != 0xFF) return null;
            var marker = bytes[at + 1];
            if (marker == 0xFF) { at++; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            var isFrame = marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
            if (isFrame)
                return new LogoFile("jpeg", BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 5)..]));
            if (length < 2) return null;
            at += 2 + length;
        }
        return null;
    }

    /// <summary>Why the stated size is not one a logo can have; null when it is sensible.</summary>
    public string? SizeProblem() =>
        Width < MinSide || Height < MinSide ? $"The image is {Width}x{Height} px; a logo needs at least {MinSide} px on each side to be recognised."
        : Width > MaxSide || Height > MaxSide || (long)Width * Height > MaxPixels
            ? $"The image is {Width}x{Height} px; logos may be at most {MaxSide} px a side and {MaxPixels / 1_000_000} megapixels."
        : null;
}
