using MediaAspire.GpuWorker.Brands;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.GpuWorker.Text;
using MediaAspire.Platform.Brands;
using MediaAspire.Platform.Processes;

namespace MediaAspire.Tests.Brands;

/// <summary>The brands stage on its own (no services): the generated scene's logos found at the right times, the unregistered
/// one never, and the brand shown only as text found by its name in what OCR reads.</summary>
public sealed class BrandScanTests : IDisposable
{
    private const double Tolerance = 0.75;
    private readonly string _dir = Directory.CreateTempSubdirectory("brands-").FullName;

    [Fact]
    public async Task Logos_are_found_scaled_turned_moving_translucent_and_compressed_and_an_unregistered_one_is_not()
    {
        var scene = await BrandScene.MakeAsync(_dir);
        var brands = new[] { Brand("Kaffa", scene.Kaffa), Brand("Orbita", scene.Orbita), Brand("Astro", scene.Astro) };
        var probe = await new MediaProber().ProbeAsync(scene.Video, CancellationToken.None);

        var heliotrope = new BrandDefinition(Guid.NewGuid(), BrandScene.TextBrand, ["Heliotrope"], 0.5, []);
        using var ocr = OnScreenTextReader.Load(new TextOptions());

        var result = await BrandScan.RunAsync(scene.Video, probe.PrimaryVideo!, probe.DurationSeconds, [.. brands, heliotrope], 2, new BrandSettings(), ocr,
            null, CancellationToken.None);
        var logos = result.Appearances.Where(a => a.Source == BrandSources.Logo).ToList();

        foreach (var (name, shows) in BrandScene.Expected)
        {
            var found = logos.Where(a => a.Brand == name).OrderBy(a => a.Start).ToList();
            Assert.True(found.Count == shows.Length, $"{name}: expected {shows.Length} appearances, found {Describe(found)}");
            for (var i = 0; i < shows.Length; i++)
            {
                Assert.Equal(BrandSources.Logo, found[i].Source);
                Assert.True(Math.Abs(found[i].Start - shows[i].From) <= Tolerance && Math.Abs(found[i].End - shows[i].To) <= Tolerance,
                    $"{name} #{i}: expected {shows[i].From}–{shows[i].To} s, found {Describe(found)}");
                Assert.InRange(found[i].BestT, found[i].Start, found[i].End);
                Assert.InRange(found[i].Score, 0.5, 1);
            }
        }
        Assert.Equal(4, logos.Count);
        Assert.DoesNotContain(result.Appearances, a => a.Brand == BrandScene.TextBrand && a.Source == BrandSources.Logo);

        // The text-only brand: one text appearance while it is shown, its box on the caption (x 420, y 640 of 1280x720).
        var text = Assert.Single(result.Appearances, a => a.Brand == BrandScene.TextBrand);
        Assert.Equal(BrandSources.Text, text.Source);
        Assert.True(Math.Abs(text.Start - BrandScene.TextShown.From) <= Tolerance && Math.Abs(text.End - BrandScene.TextShown.To) <= Tolerance,
            $"text: expected {BrandScene.TextShown.From}–{BrandScene.TextShown.To} s, found {Describe([text])}");
        Assert.InRange(text.Box[0], 380, 460);
        Assert.InRange(text.Box[1], 610, 680);
        // Read correctly, at the sampled times it was on screen, and not outside them.
        var read = result.Text.Where(l => BrandScene.ReadAs(l.Text)).ToList();
        Assert.True(read.Count >= 6, $"\"{BrandScene.ShownText}\" read {read.Count} times; lines read: {string.Join(" | ", result.Text.Select(l => $"{l.T}: {l.Text}"))}");
        Assert.All(read, l => Assert.InRange(l.T, BrandScene.TextShown.From - 0.1, BrandScene.TextShown.To + 0.1));
        // The names on the logos are read too (KAFFA is drawn on its logo): a registered name found in text is a text appearance of that brand.
        Assert.Contains(result.Text, l => l.Text.Contains("KAFFA", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Appearances, a => a.Brand == "Felix");

        // The first KAFFA appearance is a 240 px wide logo at (80, 60) in 1280x720: its box says so.
        var first = result.Appearances.First(a => a.Brand == "Kaffa");
        Assert.InRange(first.Box[0], 60, 100);
        Assert.InRange(first.Box[1], 40, 80);
        Assert.InRange(first.Box[2], 200, 280);
        var exposure = Assert.Single(result.Exposure, e => e.Brand == "Kaffa");
        Assert.InRange(exposure.Seconds, 9 - 2 * Tolerance, 9 + 2 * Tolerance);
        // 240x180 of 1280x720 is 4.7 %; the turned 300 px one is larger: the mean lies between.
        Assert.InRange(exposure.MeanAreaShare, 0.03, 0.15);
    }

    [Fact]
    public async Task An_all_intra_video_decodes_a_quarter_of_its_frames_and_finds_the_same_logos_at_the_same_times()
    {
        var scene = await BrandScene.MakeAsync(_dir);
        // The scene as an editing intermediate: every frame a keyframe.
        var intra = Path.Combine(_dir, "brands-all-intra.mp4");
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-i", scene.Video, "-an", "-c:v", "libx264",
            "-preset", "veryfast", "-crf", "23", "-g", "1", intra), CancellationToken.None);
        var probe = await new MediaProber().ProbeAsync(intra, CancellationToken.None);
        var video = probe.PrimaryVideo!;

        // Every 4th packet of 25 frames/s reaches the decoder; the long-GOP original is read whole.
        var sampling = BrandScan.Sampling(intra, video, 0.5, CancellationToken.None);
        Assert.Equal(4, sampling.PacketStride);
        Assert.Equal(1, BrandScan.Sampling(scene.Video, video, 0.5, CancellationToken.None).PacketStride);

        // Still one sample per half second, each at most 0.16 s after its half second starts.
        var (width, height) = BrandScan.AnalysisSize(video, new BrandSettings().MatchLongSide);
        var times = new List<double>();
        using (var reader = FfmpegFrameReader.Open(intra, width, height, sampling, CancellationToken.None))
            while (reader.Read(out var time, CancellationToken.None)) times.Add(time);
        Assert.Equal((int)(BrandScene.Seconds * 2), times.Count);
        Assert.All(times.Select((t, i) => t - 0.5 * i), late => Assert.InRange(late, -0.001, 0.161));

        var result = await BrandScan.RunAsync(intra, video, probe.DurationSeconds, [Brand("Kaffa", scene.Kaffa), Brand("Orbita", scene.Orbita), Brand("Astro", scene.Astro)],
            2, new BrandSettings(), null, null, CancellationToken.None);
        foreach (var (name, shows) in BrandScene.Expected)
        {
            var found = result.Appearances.Where(a => a.Brand == name).OrderBy(a => a.Start).ToList();
            Assert.True(found.Count == shows.Length && found.Zip(shows).All(p => Math.Abs(p.First.Start - p.Second.From) <= Tolerance && Math.Abs(p.First.End - p.Second.To) <= Tolerance),
                $"{name}: expected {string.Join(", ", shows.Select(s => $"{s.From}–{s.To} s"))}, found {Describe(found)}");
        }
    }

    private static BrandDefinition Brand(string name, params string[] logos) => new(Guid.NewGuid(), name, [], 0.5,
        logos.Select(l => LogoFeatures.Normalise(File.ReadAllBytes(l))).Select(n => new StoredLogoFeatures(Guid.NewGuid(), n.Width, n.Height, n.Features)).ToList());

    private static string Describe(IEnumerable<BrandAppearance> appearances) =>
        string.Join("; ", appearances.Select(a => $"{a.Brand} {a.Start:0.##}–{a.End:0.##} s score {a.Score:0.##}")) is { Length: > 0 } s ? s : "none";

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
