using System.Globalization;
using System.Text;
using MediaAspire.Platform.Processes;
using OpenCvSharp;

namespace MediaAspire.Tests.Brands;

/// <summary>How a logo is shown: from/to (seconds), its width in the video, turned by <paramref name="Degrees"/>, at
/// <paramref name="Opacity"/>, placed at (X, Y) and moving by (Dx, Dy) pixels a second.</summary>
public sealed record LogoShow(string Logo, double From, double To, int Width, double Degrees = 0, double Opacity = 1,
    int X = 40, int Y = 40, double Dx = 0, double Dy = 0);

/// <summary>Text drawn on the picture (ffmpeg drawtext) from/to, in pixels of <paramref name="Size"/>.</summary>
public sealed record TextShow(string Text, double From, double To, int Size = 56, int X = 60, int Y = 560);

/// <summary>
/// Test media for brand detection, made in the test from real photos: logo files cut from scikit-image's sample
/// photos (Debian's python3-skimage, unpacked by scripts/install-prerequisites.sh) with drawn text and shapes and an
/// alpha channel, and videos (ffmpeg) where those logos appear over a slowly zooming wallpaper photo (Debian's
/// plasma-workspace-wallpapers) scaled, turned, moving, semi-transparent and compressed at known times. Shared by the
/// brand tests and the brands benchmark.
/// </summary>
public static class BrandVideo
{
    public const string SkimageData = "/usr/local/share/mediaaspire/skimage-data";

    /// <summary>DejaVu Sans Bold (Debian's fonts-dejavu-core), as the OCR tests draw text.</summary>
    public const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    /// <summary>A logo: <paramref name="crop"/> of a sample photo, resized to 320 px wide, with <paramref name="text"/>
    /// written across it and a ring drawn on it; PNG with an elliptical alpha mask (soft edge), or JPEG without alpha.</summary>
    public static string MakeLogo(string directory, string photo, Rect crop, string text, bool alpha = true)
    {
        var path = Path.Combine(SkimageData, photo);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: run scripts/install-prerequisites.sh (unpacks python3-skimage's sample photos).");
        using var source = Cv2.ImRead(path, ImreadModes.Color);
        using var cropped = new Mat(source, crop);
        using var logo = new Mat();
        Cv2.Resize(cropped, logo, new Size(320, (int)Math.Round(320.0 * crop.Height / crop.Width)), interpolation: InterpolationFlags.Area);
        var (w, h) = (logo.Cols, logo.Rows);
        Cv2.Circle(logo, new Point(w / 2, h / 2), Math.Min(w, h) / 3, new OpenCvSharp.Scalar(255, 255, 255), 6, LineTypes.AntiAlias);
        Cv2.Rectangle(logo, new Rect(w / 8, h / 8, w * 3 / 4, h * 3 / 4), new OpenCvSharp.Scalar(20, 20, 220), 4, LineTypes.AntiAlias);
        Cv2.PutText(logo, text, new Point(w / 10, h * 3 / 5), HersheyFonts.HersheyDuplex, 1.6, new OpenCvSharp.Scalar(0, 0, 0), 8, LineTypes.AntiAlias);
        Cv2.PutText(logo, text, new Point(w / 10, h * 3 / 5), HersheyFonts.HersheyDuplex, 1.6, new OpenCvSharp.Scalar(0, 230, 255), 3, LineTypes.AntiAlias);
        var name = Path.Combine(directory, $"logo-{text.ToLowerInvariant()}-{Guid.NewGuid():N}.{(alpha ? "png" : "jpg")}");
        if (!alpha)
        {
            Cv2.ImWrite(name, logo, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
            return name;
        }
        using var mask = new Mat(h, w, MatType.CV_8UC1, OpenCvSharp.Scalar.All(0));
        Cv2.Ellipse(mask, new Point(w / 2, h / 2), new Size(w / 2 - 4, h / 2 - 4), 0, 0, 360, OpenCvSharp.Scalar.All(255), -1, LineTypes.AntiAlias);
        Cv2.GaussianBlur(mask, mask, new Size(9, 9), 0);
        using var bgra = new Mat();
        Cv2.CvtColor(logo, bgra, ColorConversionCodes.BGR2BGRA);
        Cv2.InsertChannel(mask, bgra, 3);
        Cv2.ImWrite(name, bgra);
        return name;
    }

    /// <summary>A <paramref name="seconds"/> s H.264 video of <paramref name="background"/> (a wallpaper photo path) zooming in slowly,
    /// with the logos and texts shown as listed, encoded at CRF <paramref name="crf"/> (higher: more compression artefacts).</summary>
    public static async Task<string> MakeAsync(string path, string background, double seconds, int width, int height,
        IReadOnlyList<LogoShow> logos, IReadOnlyList<TextShow>? texts = null, int crf = 30, int fps = 25)
    {
        // The photo is read and scaled once: zoompan makes every frame of the clip from that one picture.
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-i", background };
        foreach (var show in logos) arguments.AddRange(["-loop", "1", "-framerate", Num(fps), "-t", Num(seconds), "-i", show.Logo]);
        var frames = (int)Math.Round(seconds * fps);
        var graph = new StringBuilder();
        graph.Append(CultureInfo.InvariantCulture,
            $"[0:v]scale={2 * width}:{2 * height}:force_original_aspect_ratio=increase,crop={2 * width}:{2 * height},setsar=1," +
            $"zoompan=z='1+0.15*on/{frames}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d={frames}:s={width}x{height}:fps={fps},format=yuv420p[v0];");
        for (var i = 0; i < logos.Count; i++)
        {
            var show = logos[i];
            var angle = Num(show.Degrees * Math.PI / 180);
            graph.Append(CultureInfo.InvariantCulture, $"[{i + 1}:v]format=rgba,scale={show.Width}:-2");
            if (show.Degrees != 0) graph.Append(CultureInfo.InvariantCulture, $",rotate={angle}:c=none:ow=rotw({angle}):oh=roth({angle})");
            if (show.Opacity < 1) graph.Append(CultureInfo.InvariantCulture, $",colorchannelmixer=aa={Num(show.Opacity)}");
            graph.Append(CultureInfo.InvariantCulture,
                $"[l{i}];[v{i}][l{i}]overlay=x='{show.X}+{Num(show.Dx)}*(t-{Num(show.From)})':y='{show.Y}+{Num(show.Dy)}*(t-{Num(show.From)})':" +
                $"enable='between(t,{Num(show.From)},{Num(show.To)})':eof_action=pass[v{i + 1}];");
        }
        var last = $"[v{logos.Count}]";
        var drawn = 0;
        foreach (var text in texts ?? [])
        {
            graph.Append(CultureInfo.InvariantCulture,
                $"{last}drawtext=fontfile={Font}:text='{text.Text}':fontsize={text.Size}:fontcolor=white:borderw=3:bordercolor=black:x={text.X}:y={text.Y}:" +
                $"enable='between(t,{Num(text.From)},{Num(text.To)})'[t{drawn}];");
            last = $"[t{drawn++}]";
        }
        graph.Append(CultureInfo.InvariantCulture, $"{last}null[out]");
        arguments.AddRange(["-filter_complex", graph.ToString(), "-map", "[out]", "-t", Num(seconds),
            "-c:v", "libx264", "-preset", "veryfast", "-crf", Num(crf), "-pix_fmt", "yuv420p", "-metadata", $"comment={Guid.NewGuid():N}", path]);
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(arguments) with { Purpose = "make a brand test video" }, CancellationToken.None);
        return path;
    }

    private static string Num(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
