using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;

namespace MediaAspire.Tests.Brands;

/// <summary>
/// The brand tests' generated video: three registered logos (one a JPEG without alpha) and one unregistered, shown
/// scaled, turned, moving and semi-transparent over a zooming photo, compressed at CRF 30; two brands on screen at once;
/// and a brand that appears only as text (drawtext), 8–12 s.
/// </summary>
public sealed record BrandScene(string Video, string Kaffa, string Orbita, string Astro, string Felix)
{
    public const double Seconds = 22;

    public const string TextBrand = "Heliotrope Sports";
    public const string ShownText = "HELIOTROPE SPORTS";
    public static readonly (double From, double To) TextShown = (8, 12);

    /// <summary>Whether a line read is the caption, letter for letter (PP-OCRv4 often drops the space between words of a
    /// caption; the name matcher allows for that, and so does this).</summary>
    public static bool ReadAs(string line) => line.Replace(" ", "", StringComparison.Ordinal) == ShownText.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Brand name → when its logo is on screen.</summary>
    public static readonly IReadOnlyDictionary<string, (double From, double To)[]> Expected = new Dictionary<string, (double, double)[]>
    {
        ["Kaffa"] = [(2, 6), (13, 18)],
        ["Orbita"] = [(7, 11)],
        ["Astro"] = [(15, 20)],
    };

    public static async Task<BrandScene> MakeAsync(string directory)
    {
        var kaffa = BrandVideo.MakeLogo(directory, "coffee.png", new Rect(100, 40, 400, 300), "KAFFA");
        var orbita = BrandVideo.MakeLogo(directory, "rocket.jpg", new Rect(60, 150, 300, 225), "ORBITA", alpha: false);
        var astro = BrandVideo.MakeLogo(directory, "astronaut.png", new Rect(100, 40, 320, 240), "ASTRO");
        var felix = BrandVideo.MakeLogo(directory, "chelsea.png", new Rect(60, 20, 360, 270), "FELIX");
        var video = await BrandVideo.MakeAsync(Path.Combine(directory, $"brands-{Guid.NewGuid():N}.mp4"), CutVideo.Photo("Autumn"), Seconds, 1280, 720,
        [
            new LogoShow(kaffa, 2, 6, 240, X: 80, Y: 60),
            new LogoShow(felix, 3, 10, 260, X: 900, Y: 380),
            new LogoShow(orbita, 7, 11, 160, X: 200, Y: 400, Dx: 40, Dy: 20),
            new LogoShow(kaffa, 13, 18, 300, Degrees: 25, Opacity: 0.7, X: 600, Y: 300, Dx: 30),
            new LogoShow(astro, 15, 20, 380, Opacity: 0.6, X: 60, Y: 60),
        ], [new TextShow(ShownText, TextShown.From, TextShown.To, Size: 44, X: 420, Y: 640)]);
        return new BrandScene(video, kaffa, orbita, astro, felix);
    }
}
