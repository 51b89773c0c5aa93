using MediaAspire.GpuWorker.Text;
using MediaAspire.Platform.Brands;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>What one frame showed: the brands seen in it and the text read in it (boxes in the frame's pixels).</summary>
public sealed record FrameBrands(IReadOnlyList<BrandSighting> Sightings, IReadOnlyList<TextLine> Text);

/// <summary>
/// The brand detector for one frame at a time, frames in and sightings out, for files (<see cref="BrandScan"/>) and
/// live segments alike: registered logos by local features (<see cref="LogoMatcher"/>) and, when an OCR stage is given,
/// brand names in the text it reads (<see cref="BrandNameMatcher"/>; score = line confidence × name similarity).
/// One per job or stream (the logo matcher and the change test are not thread-safe); the OCR stage is shared.
/// <para>A frame whose picture has not changed since the last frame looked at (<see cref="PictureChange"/>) shows what
/// that one showed: its result is handed out again without matching or reading, which on a still picture (a logo or a
/// caption standing over a slow zoom) leaves out most of the cost. In a frame that changed, logos are matched over all
/// of it (a logo is found whole or not at all) but text is looked for only where it changed: OCR's detection, most of
/// its cost, then sees a part of the picture, and the lines elsewhere stay those read before.</para>
/// </summary>
public sealed class BrandFrameDetector(IReadOnlyList<BrandDefinition> brands, BrandSettings settings, OnScreenTextReader? text) : IDisposable
{
    private readonly LogoMatcher _logos = new(brands, settings);
    private readonly BrandNameMatcher _names = new(brands);
    private readonly PictureChange _change = new();
    private FrameBrands? _lookedAt;

    /// <summary>Frames looked at closely (matched and read) so far; the others showed what the one before them showed.</summary>
    public int FramesLookedAt { get; private set; }

    /// <summary>A frame as <see cref="Scenes.FfmpegFrameReader"/> hands it out: I420, <paramref name="height"/> × 3/2 rows.
    /// Logos are matched on its luma plane as is; it is converted to BGR only for OCR.</summary>
    public FrameBrands DetectI420(Mat i420, int width, int height)
    {
        using var luma = i420.RowRange(0, height);
        var changed = _change.Changed(luma);
        if (changed is null && _lookedAt is not null) return _lookedAt;
        var sightings = _logos.Match(luma).ToList();
        if (text is null) return LookedAt(new FrameBrands(sightings, []));
        using var bgr = new Mat();
        Cv2.CvtColor(i420, bgr, ColorConversionCodes.YUV2BGR_I420);
        return LookedAt(WithText(sightings, bgr, changed));
    }

    /// <summary>A BGR frame (8-bit, three channels).</summary>
    public FrameBrands DetectBgr(Mat bgr)
    {
        using var gray = new Mat();
        Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
        var changed = _change.Changed(gray);
        if (changed is null && _lookedAt is not null) return _lookedAt;
        var sightings = _logos.Match(gray).ToList();
        return LookedAt(text is null ? new FrameBrands(sightings, []) : WithText(sightings, bgr, changed));
    }

    private FrameBrands LookedAt(FrameBrands found)
    {
        FramesLookedAt++;
        return _lookedAt = found;
    }

    private FrameBrands WithText(List<BrandSighting> sightings, Mat bgr, Rect? changed)
    {
        var frameArea = (double)bgr.Cols * bgr.Rows;
        var lines = ReadChanged(bgr, changed);
        var byBrand = new Dictionary<Guid, BrandSighting>();
        foreach (var line in lines)
        {
            foreach (var (brand, similarity) in _names.Find(line.Text))
            {
                var score = line.Confidence * similarity;
                if (score < brand.MinScore || (byBrand.TryGetValue(brand.Id, out var kept) && kept.Score >= score)) continue;
                byBrand[brand.Id] = new BrandSighting(brand.Id, brand.Name, BrandSources.Text, score, line.Box, line.Box.Width * line.Box.Height / frameArea);
            }
        }
        sightings.AddRange(byBrand.Values);
        return new FrameBrands(sightings, lines);
    }

    /// <summary>The text of the frame: where the picture changed it is read again (the changed part grown by every line
    /// read before that it touches, so none is read in part; the reader looks around it too); elsewhere the lines are
    /// those of the frame looked at before.</summary>
    private IReadOnlyList<TextLine> ReadChanged(Mat bgr, Rect? changed)
    {
        var frame = new Rect(0, 0, bgr.Cols, bgr.Rows);
        if (_lookedAt is null || changed is not { } part) return text!.Read(bgr);
        var region = part;
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var line in _lookedAt.Text.Where(l => l.Box.IntersectsWith(region) && !region.Contains(l.Box)))
            {
                region = region.Union(line.Box).Intersect(frame);
                grown = true;
            }
        }
        var read = text!.Read(bgr, region);
        return _lookedAt.Text.Where(l => !l.Box.IntersectsWith(region) && !read.Any(r => r.Box.IntersectsWith(l.Box))).Concat(read)
            .OrderBy(l => l.Box.Y).ThenBy(l => l.Box.X).ToList();
    }

    public void Dispose()
    {
        _logos.Dispose();
        _change.Dispose();
    }
}
