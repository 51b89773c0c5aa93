using System.Text;

namespace MediaAspire.Api.Uploads.Bodies;

/// <summary>
/// Recognises media containers by their first bytes (magic numbers), so non-media is refused at the door
/// before it is stored. Cheap and deliberately shallow: whether the media actually decodes is ffprobe's
/// job in the worker.
/// </summary>
public static class MediaSniffer
{
    /// <summary>Enough for every signature below (MPEG-TS needs three 188-byte packets).</summary>
    public const int HeadLength = 1024;

    public const string KnownFormats =
        "MP4/MOV/3GP, Matroska/WebM, AVI, MPEG-TS, MPEG-PS, FLV, ASF/WMV, Ogg, MP3, AAC (ADTS), WAV, FLAC, JPEG, PNG, GIF, WebP";

    /// <returns>The format, or null when the bytes match no known container.</returns>
    public static SniffedFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (At(head, 4, "ftyp"u8)) return IsQuickTime(head) ? new("mov", "video/quicktime") : new("mp4", "video/mp4");
        // Old QuickTime files start with a bare moov/mdat/wide/free atom instead of ftyp.
        if (At(head, 4, "moov"u8) || At(head, 4, "mdat"u8) || At(head, 4, "wide"u8)) return new("mov", "video/quicktime");
        if (At(head, 0, [0x1A, 0x45, 0xDF, 0xA3]))
            return head.IndexOf("webm"u8) >= 0 ? new("webm", "video/webm") : new("matroska", "video/x-matroska");
        if (At(head, 0, "RIFF"u8))
        {
            if (At(head, 8, "AVI "u8)) return new("avi", "video/x-msvideo");
            if (At(head, 8, "WAVE"u8)) return new("wav", "audio/wav");
            if (At(head, 8, "WEBP"u8)) return new("webp", "image/webp");
        }
        if (IsTransportStream(head, 0, 188) || IsTransportStream(head, 4, 192)) return new("mpegts", "video/mp2t");
        if (At(head, 0, [0x00, 0x00, 0x01, 0xBA])) return new("mpegps", "video/mpeg");
        if (At(head, 0, "FLV"u8) && head.Length > 3 && head[3] == 1) return new("flv", "video/x-flv");
        if (At(head, 0, [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11])) return new("asf", "video/x-ms-asf");
        if (At(head, 0, "OggS"u8)) return new("ogg", "application/ogg");
        if (At(head, 0, "fLaC"u8)) return new("flac", "audio/flac");
        if (At(head, 0, "ID3"u8)) return new("mp3", "audio/mpeg");
        if (head.Length >= 4 && head[0] == 0xFF && (head[1] & 0xF6) == 0xF0) return new("aac", "audio/aac");
        if (IsMpegAudioFrame(head)) return new("mp3", "audio/mpeg");
        if (At(head, 0, [0xFF, 0xD8, 0xFF])) return new("jpeg", "image/jpeg");
        if (At(head, 0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return new("png", "image/png");
        if (At(head, 0, "GIF87a"u8) || At(head, 0, "GIF89a"u8)) return new("gif", "image/gif");
        return null;
    }

    /// <summary>A sentence for the 415 answer: what the bytes look like, and what would have been accepted.</summary>
    public static string Explain(ReadOnlySpan<byte> head)
    {
        var looksLike = LooksLikeText(head) ? "text" : "no known media container";
        return $"The file's content is {looksLike} (checked its first bytes, not its name). Accepted: {KnownFormats}.";
    }

    private static bool IsQuickTime(ReadOnlySpan<byte> head) => At(head, 8, "qt  "u8);

    private static bool IsTransportStream(ReadOnlySpan<byte> head, int offset, int packet) =>
        head.Length > offset + 2 * packet && head[offset] == 0x47 && head[offset + packet] == 0x47 && head[offset + 2 * packet] == 0x47;

    /// <summary>An MPEG-1/2 layer III frame header (sync, valid version/layer/bitrate/rate): MP3 without an ID3 tag.</summary>
    private static bool IsMpegAudioFrame(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0
        && (head[1] & 0x18) != 0x08 && (head[1] & 0x06) == 0x02
        && (head[2] & 0xF0) is not (0x00 or 0xF0) && (head[2] & 0x0C) != 0x0C;

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty) return false;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(head.Length == HeadLength ? head[..^4] : head);
            return text.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t');
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool At(ReadOnlySpan<byte> head, int offset, ReadOnlySpan<byte> signature) =>
        head.Length >= offset + signature.Length && head.Slice(offset, signature.Length).SequenceEqual(signature);
}
