using System.Globalization;
using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;

namespace MediaAspire.Tests.Text;

/// <summary>A real photo (a Plasma wallpaper) with known text rendered over it by ffmpeg's drawtext, in DejaVu Sans Bold
/// (Debian's fonts-dejavu-core), as a PNG read back with OpenCV.</summary>
public sealed class TextPhotos : IDisposable
{
    public const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    public const int Width = 1280;
    public const int Height = 720;

    private readonly string _directory = Directory.CreateTempSubdirectory("mediaaspire-text-").FullName;

    /// <summary>The photo scaled to 1280x720 with <paramref name="text"/> at (<paramref name="x"/>, <paramref name="y"/>),
    /// <paramref name="fontSize"/> px, turned <paramref name="degrees"/> clockwise, in <paramref name="color"/> on an optional box.</summary>
    public async Task<Mat> RenderAsync(string photo, string text, int x, int y, int fontSize, string color = "white", string? box = null, double degrees = 0)
    {
        if (!File.Exists(Font)) throw new FileNotFoundException($"{Font} is missing: install Debian's fonts-dejavu-core (scripts/install-prerequisites.sh --tests).");
        var boxed = box is null ? "" : $":box=1:boxcolor={box}:boxborderw=12";
        var radians = (degrees * Math.PI / 180).ToString("R", CultureInfo.InvariantCulture);
        // The text is drawn on a transparent layer, turned, then laid over the photo, so turned text has no frame of its own.
        var graph = $"[0:v]scale={Width}:{Height},format=rgb24[photo];" +
                    $"color=c=black@0:s={Width}x{Height},format=rgba,drawtext=fontfile={Font}:text='{text}':fontsize={fontSize}:fontcolor={color}{boxed}:x={x}:y={y}," +
                    $"rotate={radians}:c=none[text];[photo][text]overlay=0:0:format=auto";
        var output = await TestMedia.FfmpegAsync(Path.Combine(_directory, $"{Guid.NewGuid():N}.png"),
            "-i", CutVideo.Photo(photo), "-filter_complex", graph, "-frames:v", "1");
        return Cv2.ImRead(output, ImreadModes.Color);
    }

    public static Mat Plain(string photo)
    {
        using var full = Cv2.ImRead(CutVideo.Photo(photo), ImreadModes.Color);
        var scaled = new Mat();
        Cv2.Resize(full, scaled, new Size(Width, Height), interpolation: InterpolationFlags.Area);
        return scaled;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
