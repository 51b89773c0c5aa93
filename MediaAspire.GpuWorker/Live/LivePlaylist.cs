using System.Globalization;
using System.Text;

namespace MediaAspire.GpuWorker.Live;

/// <summary>The live stream's HLS playlists: an EVENT media playlist that grows by each closed segment (and is closed
/// with ENDLIST when the stream ends; a publisher that came back starts a discontinuity), and a master playlist naming it, as browsers (hls.js, Safari) want.</summary>
public static class LivePlaylist
{
    public static string Media(IReadOnlyList<ClosedSegment> segments, bool ended)
    {
        var target = segments.Count == 0 ? 2 : (int)Math.Ceiling(segments.Max(s => s.Duration));
        var text = new StringBuilder();
        text.Append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:EVENT\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{Math.Max(1, target)}\n#EXT-X-MEDIA-SEQUENCE:0\n");
        foreach (var s in segments)
        {
            if (s.Discontinuity) text.Append("#EXT-X-DISCONTINUITY\n");
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{s.Duration:0.000},\n{Path.GetFileName(s.File)}\n");
        }
        if (ended) text.Append("#EXT-X-ENDLIST\n");
        return text.ToString();
    }

    /// <param name="codecs">RFC 6381 codecs of the stream (H.264 + AAC-LC unless known better).</param>
    public static string Master(int bandwidth, string codecs = "avc1.640028,mp4a.40.2") =>
        string.Create(CultureInfo.InvariantCulture,
            $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},CODECS=\"{codecs}\"\n{MediaAspire.Platform.Live.LiveStorage.MediaPlaylist}\n");
}
