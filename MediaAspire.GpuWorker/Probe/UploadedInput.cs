using System.Globalization;

namespace MediaAspire.GpuWorker.Probe;

/// <summary>
/// The input options every ffmpeg and ffprobe run on an uploaded file gets, before its <c>-i</c>: it may read only the
/// local file the service wrote (<c>-protocol_whitelist file</c>), only through the demuxers of the containers uploads
/// are accepted in, so a playlist (HLS, concat, ffconcat, …) cannot make ffmpeg open other files or URLs, and no
/// decoder may allocate a picture larger than <see cref="MediaLimits.MaxPixels"/>.
/// </summary>
public static class UploadedInput
{
    /// <summary>The demuxers of the formats the API's sniffer accepts (MP4/MOV, Matroska/WebM, AVI, MPEG-TS/PS, FLV, ASF,
    /// Ogg, WAV, FLAC, MP3, AAC, JPEG, PNG, GIF, WebP). Not hls, concat, lavfi, or anything else.
    /// <para>image2 is how ffmpeg opens a single photo it recognises by its name (<c>photo.jpg</c>: by extension, ahead of
    /// jpeg_pipe's look at the bytes), as the analyze CLI's files are named; it never opens an upload, which the service
    /// stores under a name of its own without an extension, so no upload is read as an image sequence.</para></summary>
    public const string Demuxers = "mov,matroska,avi,mpegts,mpeg,flv,asf,ogg,wav,flac,mp3,aac,jpeg_pipe,png_pipe,gif,webp_pipe,image2";

    public static readonly IReadOnlyList<string> Options =
        ["-protocol_whitelist", "file", "-format_whitelist", Demuxers, "-max_pixels", MediaLimits.MaxPixels.ToString(CultureInfo.InvariantCulture)];

    /// <summary>For an ffmpeg that reads what another one (under <see cref="Options"/>) copied out of an upload as NUT on
    /// its standard input: that pipe and that format only, and the same picture limit.</summary>
    public static readonly IReadOnlyList<string> PipedNutOptions =
        ["-protocol_whitelist", "pipe", "-format_whitelist", "nut", "-max_pixels", MediaLimits.MaxPixels.ToString(CultureInfo.InvariantCulture), "-f", "nut"];
}
