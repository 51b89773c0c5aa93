using MediaAspire.GpuWorker.Brands;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Brands;

namespace MediaAspire.Tests.Brands;

/// <summary>The brands stage on its own (no services): the generated scene's logos found at the right times, the unregistered one never.</summary>
public sealed class BrandScanTests : IDisposable
{
    private const double Tolerance = 0.75;
    private readonly string _dir = Directory.CreateTempSubdirectory("brands-").FullName;

    [Fact]
    public async Task Logos_are_found_scaled_turned_moving_translucent_and_compressed_and_an_unregistered_one_is_not()
    {
        var scene = await BrandScene.MakeAsync(_dir);
        BrandDefinition Brand(string name, params string[] logos) => new(Guid.NewGuid(), name, [], 0.5,
            logos.Select(l => LogoFeatures.Normalise(File.ReadAllBytes(l))).Select(n => new StoredLogoFeatures(Guid.NewGuid(), n.Width, n.Height, n.Features)).ToList());
        var brands = new[] { Brand("Kaffa", scene.Kaffa), Brand("Orbita", scene.Orbita), Brand("Astro", scene.Astro) };
        var probe = await new MediaProber().ProbeAsync(scene.Video, CancellationToken.None);

        var result = await BrandScan.RunAsync(scene.Video, probe.PrimaryVideo!, probe.DurationSeconds, brands, 2, new BrandSettings(), null, CancellationToken.None);

        foreach (var (name, shows) in BrandScene.Expected)
        {
            var found = result.Appearances.Where(a => a.Brand == name).OrderBy(a => a.Start).ToList();
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
        Assert.Equal(4, result.Appearances.Count);
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

    private static string Describe(IEnumerable<BrandAppearance> appearances) =>
        string.Join("; ", appearances.Select(a => $"{a.Brand} {a.Start:0.##}–{a.End:0.##} s score {a.Score:0.##}")) is { Length: > 0 } s ? s : "none";

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
