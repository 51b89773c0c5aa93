using MediaAspire.GpuWorker.Brands;
using MediaAspire.Platform.Brands;
using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;

namespace MediaAspire.Tests.Brands;

/// <summary>The per-frame detector on frames made here: in a frame where only one logo moved, logos are searched for only
/// around the change, the one that stood still is kept as it was found, and the result is what a look at the whole frame
/// gives, whether frames come one at a time (live) or in batches (the file scan).</summary>
public sealed class BrandFrameDetectorTests : IDisposable
{
    private const int Width = 960, Height = 540;
    private readonly string _dir = Directory.CreateTempSubdirectory("brand-frames-").FullName;

    [Fact]
    public void Where_one_logo_moved_the_other_is_kept_and_the_moved_one_found_where_it_went()
    {
        var kaffa = BrandVideo.MakeLogo(_dir, "coffee.png", new Rect(100, 40, 400, 300), "KAFFA", alpha: false);
        var orbita = BrandVideo.MakeLogo(_dir, "rocket.jpg", new Rect(60, 150, 300, 225), "ORBITA", alpha: false);
        BrandDefinition[] brands = [Brand("Kaffa", kaffa), Brand("Orbita", orbita)];
        using var before = Frame((kaffa, new Point(60, 60)), (orbita, new Point(640, 300)));
        using var after = Frame((kaffa, new Point(60, 60)), (orbita, new Point(640, 180)));

        // As a live segment's frames come: one at a time, I420.
        using var i420Before = I420(before);
        using var i420After = I420(after);
        using var live = new BrandFrameDetector(brands, new BrandSettings(), text: null);
        var first = live.DetectI420(i420Before, Width, Height);
        var second = live.DetectI420(i420After, Width, Height);

        Assert.Equal(["Kaffa", "Orbita"], first.Sightings.Select(s => s.Brand).Order());
        Assert.Equal(["Kaffa", "Orbita"], second.Sightings.Select(s => s.Brand).Order());
        // Kaffa's part of the picture did not change: its sighting is the one found before, box and score alike.
        Assert.Equal(first.Sightings.Single(s => s.Brand == "Kaffa"), second.Sightings.Single(s => s.Brand == "Kaffa"));
        Assert.InRange(first.Sightings.Single(s => s.Brand == "Orbita").Box.Y, 290, 310);
        var moved = second.Sightings.Single(s => s.Brand == "Orbita").Box;
        Assert.InRange(moved.Y, 170, 190);

        // What a detector that sees only the second frame (all of it) finds.
        using var fresh = new BrandFrameDetector(brands, new BrandSettings(), text: null);
        var whole = fresh.DetectI420(i420After, Width, Height);
        Assert.Equal(["Kaffa", "Orbita"], whole.Sightings.Select(s => s.Brand).Order());
        Assert.All(whole.Sightings, w => Near(w.Box, second.Sightings.Single(s => s.Brand == w.Brand).Box));

        // The file scan's way: both frames in one batch.
        using var scan = new BrandFrameDetector(brands, new BrandSettings(), text: null);
        var batch = scan.DetectI420([i420Before, i420After], Width, Height);
        Assert.Equal(2, scan.FramesLookedAt);
        Assert.Equal(["Kaffa", "Orbita"], batch[1].Sightings.Select(s => s.Brand).Order());
        Assert.Equal(batch[0].Sightings.Single(s => s.Brand == "Kaffa"), batch[1].Sightings.Single(s => s.Brand == "Kaffa"));
        Assert.All(batch[1].Sightings, b => Near(b.Box, second.Sightings.Single(s => s.Brand == b.Brand).Box));
    }

    private static void Near(Rect expected, Rect found)
    {
        Assert.InRange(found.X, expected.X - 8, expected.X + 8);
        Assert.InRange(found.Y, expected.Y - 8, expected.Y + 8);
        Assert.InRange(found.Width, expected.Width - 16, expected.Width + 16);
    }

    private static Mat I420(Mat bgr)
    {
        var i420 = new Mat();
        Cv2.CvtColor(bgr, i420, ColorConversionCodes.BGR2YUV_I420);
        return i420;
    }

    private static BrandDefinition Brand(string name, string logo)
    {
        var normalised = LogoFeatures.Normalise(File.ReadAllBytes(logo));
        return new BrandDefinition(Guid.NewGuid(), name, [], 0.5, [new StoredLogoFeatures(Guid.NewGuid(), normalised.Width, normalised.Height, normalised.Features)]);
    }

    /// <summary>A wallpaper photo at 960x540 with the logos pasted at 200 px wide, top-left corners as given.</summary>
    private static Mat Frame(params (string Logo, Point At)[] logos)
    {
        using var photo = Cv2.ImRead(CutVideo.Photo("Autumn"), ImreadModes.Color);
        var frame = new Mat();
        Cv2.Resize(photo, frame, new Size(Width, Height), interpolation: InterpolationFlags.Area);
        foreach (var (path, at) in logos)
        {
            using var logo = Cv2.ImRead(path, ImreadModes.Color);
            using var sized = new Mat();
            Cv2.Resize(logo, sized, new Size(200, 200 * logo.Rows / logo.Cols), interpolation: InterpolationFlags.Area);
            sized.CopyTo(new Mat(frame, new Rect(at.X, at.Y, sized.Cols, sized.Rows)));
        }
        return frame;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
