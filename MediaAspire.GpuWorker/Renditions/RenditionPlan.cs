using System.Globalization;
using System.Text;
using MediaAspire.GpuWorker.Imaging;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Renditions;

namespace MediaAspire.GpuWorker.Renditions;

/// <summary>
/// The one ffmpeg command that makes every rendition: the source is decoded once and a split filter
/// graph feeds the proxy, the stills and the HLS variants. ffmpeg autorotates on decode, so the graph
/// sees upright frames at display size (and writes no rotation into the outputs). Pure: probe and
/// settings in, arguments out.
/// </summary>
/// <param name="HlsVariants">Empty unless the HLS ladder is enabled (and never for audio-only sources).</param>
public sealed record RenditionPlan(IReadOnlyList<string> Arguments, IReadOnlyList<PlannedRendition> Outputs, IReadOnlyList<HlsVariant> HlsVariants)
{
    public const string HlsMaster = "hls/master.m3u8";

    /// <summary>PQ/HLG → BT.709 SDR, so HDR phone video does not come out grey and washed out.</summary>
    private const string ToneMapToSdr =
        "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,";

    public static RenditionPlan Create(MediaProbe probe, string source, RenditionSettings settings)
    {
        List<string> args = ["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1", .. UploadedInput.Options, "-i", source];
        var hasAudio = probe.AudioStreams.Count > 0;
        if (probe.PrimaryVideo is not { } video)
        {
            args.AddRange(["-map", "0:a:0", "-vn", .. ProxyAudio(settings), "-movflags", "+faststart", "proxy.m4a"]);
            return new RenditionPlan(args,
                [new PlannedRendition(RenditionKinds.Proxy, "proxy.m4a", "audio/mp4", null, null, probe.DurationSeconds)], []);
        }

        var duration = video.DurationSeconds > 0 ? video.DurationSeconds : probe.DurationSeconds;
        var fps = video.AverageFrameRate > 0 ? video.AverageFrameRate : video.FrameRate;
        int width = video.DisplayWidth, height = video.DisplayHeight;
        var (proxyW, proxyH) = FitShortSide(width, height, settings.ProxyHeight);
        var thumbW = EvenPixels.Round(Math.Min(settings.ThumbnailWidth, width));
        var thumbH = EvenPixels.Round(height * (double)thumbW / width);
        var stillAt = StillTime(duration, fps, settings.StillAtSeconds);

        var heights = settings.HlsEnabled ? LadderFor(Math.Min(width, height), settings.HlsHeights()) : [];
        var graph = new StringBuilder()
            .Append("[0:v:0]").Append(video.Hdr ? ToneMapToSdr : "").Append(heights.Count > 0 ? "split=3[p][s][h];" : "split=2[p][s];")
            // eof_action=pass: a clip shorter than one output frame interval (a single 4K frame) still yields a frame.
            .Append(Inv($"[p]fps={settings.ProxyFrameRate}:eof_action=pass,scale={proxyW}:{proxyH},setsar=1,format=yuv420p[proxy];"))
            // The second trim keeps only the first frame at or after stillAt, then ends its branch,
            // so the stills' branch stops pulling frames (split skips a finished output).
            .Append(Inv($"[s]trim=start={stillAt:0.###},trim=end_frame=1,split=2[s1][s2];"))
            .Append(Inv($"[s1]scale={thumbW}:{thumbH},setsar=1[thumb];[s2]setsar=1[poster]"));
        var variants = new List<HlsVariant>();
        if (heights.Count > 0)
        {
            var hlsFps = Math.Min(fps > 0 ? fps : settings.HlsMaxFrameRate, settings.HlsMaxFrameRate);
            graph.Append(Inv($";[h]fps={hlsFps:0.###}:eof_action=pass"));
            graph.Append(heights.Count > 1 ? $",split={heights.Count}" + string.Concat(heights.Select((_, i) => $"[h{i}]")) + ";" : "[h0];");
            for (var i = 0; i < heights.Count; i++)
            {
                var (w, h) = FitShortSide(width, height, heights[i]);
                graph.Append(Inv($"[h{i}]scale={w}:{h},setsar=1,format=yuv420p[hls{i}]")).Append(i < heights.Count - 1 ? ";" : "");
                variants.Add(new HlsVariant($"hls/{heights[i]}p/index.m3u8", w, h));
            }
        }

        args.AddRange(["-filter_complex", graph.ToString()]);
        args.AddRange(["-map", "[proxy]", .. hasAudio ? (string[])["-map", "0:a:0"] : [],
            "-c:v", "libx264", "-preset", settings.ProxyPreset, "-crf", Inv($"{settings.ProxyCrf}"), "-profile:v", "high",
            .. hasAudio ? ProxyAudio(settings) : [], "-movflags", "+faststart", "proxy.mp4"]);
        args.AddRange(["-map", "[thumb]", "-frames:v", "1", "-q:v", Inv($"{settings.JpegQuality}"), "thumbnail.jpg"]);
        args.AddRange(["-map", "[poster]", "-frames:v", "1", "-q:v", Inv($"{settings.JpegQuality}"), "poster.jpg"]);
        for (var i = 0; i < variants.Count; i++)
        {
            var directory = Path.GetDirectoryName(variants[i].Playlist)!;
            args.AddRange(["-map", $"[hls{i}]", .. hasAudio ? (string[])["-map", "0:a:0", "-c:a", "aac", "-b:a", Inv($"{settings.HlsAudioKbps}k")] : [],
                "-c:v", "libx264", "-preset", "veryfast", "-crf", Inv($"{settings.HlsCrf}"),
                // Keyframes on the segment grid, so every variant's segments start together (switchable).
                "-force_key_frames", Inv($"expr:gte(t,n_forced*{settings.HlsSegmentSeconds})"),
                "-f", "hls", "-hls_time", Inv($"{settings.HlsSegmentSeconds}"), "-hls_playlist_type", "vod",
                "-hls_segment_filename", $"{directory}/seg_%03d.ts", variants[i].Playlist]);
        }

        List<PlannedRendition> outputs =
        [
            new(RenditionKinds.Proxy, "proxy.mp4", "video/mp4", proxyW, proxyH, duration),
            new(RenditionKinds.Thumbnail, "thumbnail.jpg", "image/jpeg", thumbW, thumbH, null),
            new(RenditionKinds.Poster, "poster.jpg", "image/jpeg", width, height, null),
        ];
        if (variants.Count > 0)
        {
            var top = variants[^1];
            outputs.Add(new PlannedRendition(RenditionKinds.Hls, HlsMaster, "application/vnd.apple.mpegurl", top.Width, top.Height, duration));
        }
        return new RenditionPlan(args, outputs, variants);
    }

    private static string[] ProxyAudio(RenditionSettings settings) => ["-c:a", "aac", "-b:a", Inv($"{settings.ProxyAudioKbps}k")];

    /// <summary>At <paramref name="preferred"/> seconds, or the midpoint of a video shorter than twice that (one frame
    /// earlier, so a clip of one or two frames still has a frame at or after it).</summary>
    internal static double StillTime(double duration, double fps, double preferred)
    {
        if (duration >= 2 * preferred) return preferred;
        return Math.Max(0, duration / 2 - (fps > 0 ? 1 / fps : 0));
    }

    /// <summary>Ladder rungs no larger than the source; a source smaller than every rung gets one at its own size.</summary>
    private static List<int> LadderFor(int shortSide, IReadOnlyList<int> ladder)
    {
        var fitting = ladder.Where(h => h <= shortSide).ToList();
        return fitting.Count > 0 ? fitting : [shortSide];
    }

    /// <summary>Scales so the shorter side is at most <paramref name="shortSide"/> (never up), both sides even (x264 needs it).</summary>
    internal static (int Width, int Height) FitShortSide(int width, int height, int shortSide)
    {
        var factor = Math.Min(1.0, shortSide / (double)Math.Min(width, height));
        return (EvenPixels.Round(width * factor), EvenPixels.Round(height * factor));
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
