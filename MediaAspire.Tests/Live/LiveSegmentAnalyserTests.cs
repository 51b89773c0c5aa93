using MediaAspire.GpuWorker.Brands;
using MediaAspire.GpuWorker.Live;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.Platform.Brands;
using MediaAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MediaAspire.Tests.Live;

/// <summary>The per-segment analysis on its own (no RTMP, no services): the live test video cut into segments as the
/// recorder cuts it, fed to one analyser in order with the warm classifier (and an unreadable segment among them).</summary>
[Collection("scoring")]
public sealed class LiveSegmentAnalyserTests(ClassifierFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("live-analyser-").FullName;

    [Fact]
    public async Task Cuts_are_found_once_across_segment_boundaries_a_pan_across_one_is_none_every_segment_is_scored_a_logo_is_one_appearance_and_a_bad_segment_fails_alone()
    {
        var clip = await LiveMedia.CutsAsync();
        var segments = await LiveMedia.SegmentAsync(clip.Video.Path, _dir, 2);
        // The cut at 6 s is where a segment closes (keyframes every second, segments of two).
        Assert.Contains(segments, s => Math.Abs(s.Start - 6) < 0.15);
        var kaffa = new BrandDefinition(Guid.NewGuid(), "Kaffa", [], 0.5, [Stored(clip.Logo)]);
        using var analyser = new LiveSegmentAnalyser(fixture.Classifier, [kaffa], new BrandSettings(), new SceneDetectionOptions());

        var garbage = Path.Combine(_dir, "garbage.ts");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 7919 % 251))]);
        var findings = new List<(ClosedSegment Segment, SegmentFindings Found)>();
        foreach (var segment in segments)
        {
            findings.Add((segment, analyser.Analyse(segment, segment.File, CancellationToken.None)));
            // A segment that cannot be read fails alone: the analyser takes the next one as if it had not come.
            if (segment.Sequence == 1)
                Assert.Throws<UnreadableMediaException>(() => analyser.Analyse(segment with { File = garbage }, garbage, CancellationToken.None));
        }
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

    /// <summary>
    /// A long stream's worth of segments through one analyser: the native heap stays flat after the warm-up, so nothing
    /// per segment (decoder buffers, frames, keyframe images, tensors, matcher state) is kept. Half-second segments of a
    /// 320x180 video, looped, keep it to a few seconds of decoding.
    /// </summary>
    /// <remarks>Justification of the bound: leaking the segment's keyframe image (320x180 BGR, 169 KiB) per segment
    /// grows the heap by 28 MiB over the 170 measured segments, its model input (224x224x3 float, 588 KiB) by 98 MiB,
    /// a FrameAnalyzer's or a reader's working Mats by more; what varies legitimately is one scoring forward's
    /// working set (a few MiB). Resident memory is reported, not asserted: it also moves with glibc keeping freed
    /// pages and with the other test collections running in this process.</remarks>
    [Fact]
    public async Task Native_memory_stays_flat_over_two_hundred_segments()
    {
        const int warmUp = 30;
        const long allowedGrowth = 16L * 1024 * 1024;
        var small = await CutVideo.MakeAsync(Path.Combine(_dir, "small.mp4"),
            [new(CutVideo.Photo("Autumn"), Motion.ZoomIn, 2), new(CutVideo.Photo("BytheWater"), Motion.Pan, 2), new(CutVideo.Photo("Kite"), Motion.Still, 2)],
            320, 180, 10, CutVideo.FixedGop(0.5, 10));
        var segments = await LiveMedia.SegmentAsync(small.Path, Path.Combine(_dir, "segments"), 0.5, loops: 16);
        Assert.InRange(segments.Count, warmUp + 170, 220);
        var kaffa = new BrandDefinition(Guid.NewGuid(), "Kaffa", [], 0.5, [Stored((await LiveMedia.CutsAsync()).Logo)]);
        using var analyser = new LiveSegmentAnalyser(fixture.Classifier, [kaffa], new BrandSettings(), new SceneDetectionOptions());

        var scored = 0;
        (long HeapInUse, long Resident) before = default;
        foreach (var segment in segments)
        {
            if (segment.Sequence == warmUp) before = NativeMemory.Measure();
            scored += analyser.Analyse(segment, segment.File, CancellationToken.None).Keyframes.Count;
        }
        var cuts = analyser.Finish(segments[^1].End);
        var after = NativeMemory.Measure();

        output.WriteLine($"{segments.Count} segments, {scored} keyframes scored; native heap in use: {NativeMemory.MiB(before.HeapInUse)} after " +
            $"{warmUp}, {NativeMemory.MiB(after.HeapInUse)} at the end; RSS: {NativeMemory.MiB(before.Resident)}, {NativeMemory.MiB(after.Resident)}");
        Assert.Equal(segments.Count, scored);
        Assert.InRange(after.HeapInUse - before.HeapInUse, long.MinValue, allowedGrowth);
    }

    private static StoredLogoFeatures Stored(string logo)
    {
        var normalised = LogoFeatures.Normalise(File.ReadAllBytes(logo));
        return new StoredLogoFeatures(Guid.NewGuid(), normalised.Width, normalised.Height, normalised.Features);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
