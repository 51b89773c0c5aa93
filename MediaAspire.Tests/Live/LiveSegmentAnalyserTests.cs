using MediaAspire.GpuWorker.Brands;
using MediaAspire.GpuWorker.Live;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.Platform.Brands;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Live;

/// <summary>The per-segment analysis on its own (no RTMP, no services): the live test video cut into segments as the
/// recorder cuts it, fed to one analyser in order with the warm classifier.</summary>
[Collection("scoring")]
public sealed class LiveSegmentAnalyserTests(ClassifierFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("live-analyser-").FullName;

    [Fact]
    public async Task Cuts_are_found_once_across_segment_boundaries_a_pan_across_one_is_none_every_segment_is_scored_and_a_logo_is_one_appearance()
    {
        var clip = await LiveMedia.CutsAsync();
        var segments = await LiveMedia.SegmentAsync(clip.Video.Path, _dir, 2);
        // The cut at 6 s is where a segment closes (keyframes every second, segments of two).
        Assert.Contains(segments, s => Math.Abs(s.Start - 6) < 0.15);
        var kaffa = new BrandDefinition(Guid.NewGuid(), "Kaffa", [], 0.5, [Stored(clip.Logo)]);
        using var analyser = new LiveSegmentAnalyser(fixture.Classifier, [kaffa], new BrandSettings(), new SceneDetectionOptions());

        var findings = segments.Select(s => (Segment: s, Found: analyser.Analyse(s, s.File, CancellationToken.None))).ToList();
        var last = analyser.Finish(segments[^1].End);

        var cuts = findings.SelectMany(f => f.Found.Cuts).Concat(last.Cuts).ToList();
        Assert.Equal(clip.Video.Boundaries.Count, cuts.Count);
        Assert.All(clip.Video.Boundaries.Zip(cuts), p => Assert.InRange(p.Second, p.First.Start - 0.5, p.First.Start + 0.5));
        Assert.DoesNotContain(cuts, t => t > LiveMedia.Pan.From + 0.5 && t < LiveMedia.Pan.To - 0.5);
        foreach (var (segment, found) in findings)
        {
            // Nothing found is later than the segment just closed: no event ahead of the media announced.
            Assert.All(found.Cuts, t => Assert.True(t <= segment.End, $"cut at {t} s after segment {segment.Sequence} ending {segment.End} s"));
            var keyframe = Assert.Single(found.Keyframes);
            Assert.InRange(keyframe.T, segment.Start, segment.End);
            Assert.Equal(1, keyframe.Scores.ByClassName().Values.Sum(), 3);
            Assert.All(found.Brands, b => Assert.True(b.End <= segment.End + 1e-6, $"{b} after segment {segment.Sequence}"));
        }
        var appearance = Assert.Single(findings.SelectMany(f => f.Found.Brands).Concat(last.Brands));
        Assert.Equal("Kaffa", appearance.Brand);
        Assert.InRange(appearance.Start, LiveMedia.LogoShown.From - 0.75, LiveMedia.LogoShown.From + 0.75);
        Assert.InRange(appearance.End, LiveMedia.LogoShown.To - 0.75, LiveMedia.LogoShown.To + 0.75);
    }

    private static StoredLogoFeatures Stored(string logo)
    {
        var normalised = LogoFeatures.Normalise(File.ReadAllBytes(logo));
        return new StoredLogoFeatures(Guid.NewGuid(), normalised.Width, normalised.Height, normalised.Features);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
