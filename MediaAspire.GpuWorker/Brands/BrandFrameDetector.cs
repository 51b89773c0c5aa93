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
/// One per job or stream (the logo matcher is not thread-safe); the OCR stage is shared.
/// </summary>
public sealed class BrandFrameDetector(IReadOnlyList<BrandDefinition> brands, BrandSettings settings, OnScreenTextReader? text) : IDisposable
{
    private readonly LogoMatcher _logos = new(brands, settings);
    private readonly BrandNameMatcher _names = new(brands);

    /// <summary>A frame as <see cref="Scenes.FfmpegFrameReader"/> hands it out: I420, <paramref name="height"/> × 3/2 rows.
    /// Logos are matched on its luma plane as is; it is converted to BGR only for OCR.</summary>
    public FrameBrands DetectI420(Mat i420, int width, int height)
    {
        using var luma = i420.RowRange(0, height);
        var sightings = _logos.Match(luma).ToList();
        if (text is null) return new FrameBrands(sightings, []);
        using var bgr = new Mat();
        Cv2.CvtColor(i420, bgr, ColorConversionCodes.YUV2BGR_I420);
        return WithText(sightings, bgr, (double)width * height);
    }

    /// <summary>A BGR frame (8-bit, three channels).</summary>
    public FrameBrands DetectBgr(Mat bgr)
    {
        using var gray = new Mat();
        Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
        var sightings = _logos.Match(gray).ToList();
        return text is null ? new FrameBrands(sightings, []) : WithText(sightings, bgr, (double)bgr.Cols * bgr.Rows);
    }

    private FrameBrands WithText(List<BrandSighting> sightings, Mat bgr, double frameArea)
    {
        var lines = text!.Read(bgr);
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

    public void Dispose() => _logos.Dispose();
}
