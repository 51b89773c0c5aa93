using MediaAspire.GpuWorker.Brands;
using MediaAspire.Platform.Brands;
using OpenCvSharp;

namespace MediaAspire.Tests.Brands;

public sealed class AppearanceMergerTests
{
    private static readonly Guid Acme = Guid.NewGuid();

    private static TimedSighting At(double t, double score = 0.6, string source = BrandSources.Logo, double share = 0.1) =>
        new(t, new BrandSighting(Acme, "Acme", source, score, new Rect((int)(t * 10), 5, 20, 10), share));

    [Fact]
    public void Bridges_a_missed_sample_splits_at_a_longer_gap_and_drops_flickers()
    {
        // 2 fps: 1.0–2.5 with 2.0 missed is one; 5.0 alone is a flicker (0.5 s); 8.0–9.0 is another after a 5.5 s gap.
        var sightings = new[] { At(1.0), At(1.5, 0.9), At(2.5), At(5.0), At(8.0), At(8.5), At(9.0, share: 0.4) };
        var (appearances, exposure) = AppearanceMerger.Merge(sightings, 0.5, maxGap: 1.0, minSeconds: 1.0, duration: 20);

        Assert.Equal([(1.0, 3.0), (8.0, 9.5)], appearances.Select(a => (a.Start, a.End)));
        Assert.Equal((0.9, 1.5), (appearances[0].Score, appearances[0].BestT));
        Assert.Equal([15, 5, 20, 10], appearances[0].Box);
        var acme = Assert.Single(exposure);
        Assert.Equal(3.5, acme.Seconds, 6);
        Assert.Equal((0.1 * 5 + 0.4) / 6, acme.MeanAreaShare, 6);
    }

    [Fact]
    public void Logo_and_text_are_separate_appearances_but_exposure_counts_their_overlap_once()
    {
        var sightings = new[] { At(1), At(1.5), At(2), At(1.5, source: BrandSources.Text), At(2, source: BrandSources.Text), At(2.5, source: BrandSources.Text) };
        var (appearances, exposure) = AppearanceMerger.Merge(sightings, 0.5, 1.0, 1.0, duration: 2.8);

        Assert.Equal([(1.0, 2.5, BrandSources.Logo), (1.5, 2.8, BrandSources.Text)], appearances.Select(a => (a.Start, a.End, a.Source)));
        Assert.Equal(1.8, Assert.Single(exposure).Seconds, 6);
    }
}
