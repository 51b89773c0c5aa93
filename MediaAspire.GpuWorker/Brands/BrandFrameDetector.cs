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
/// caption standing over a slow zoom) leaves out most of the cost. In a frame that changed, logos and text are looked for
/// only where it changed (<see cref="LogoPart"/>, <see cref="ReadChanged"/>): SIFT, most of the matcher's cost, and OCR's
/// detection, most of its cost, then see a part of the picture, and the logos and lines elsewhere stay those found before.</para>
/// </summary>
public sealed class BrandFrameDetector(IReadOnlyList<BrandDefinition> brands, BrandSettings settings, OnScreenTextReader? text) : IDisposable
{
    private readonly LogoMatcher _logos = new(brands, settings);
    private readonly BrandNameMatcher _names = new(brands);
    private readonly PictureChange _change = new();
    private LogoMatcher? _secondLogos;
    private FrameBrands? _lookedAt;
    private IReadOnlyList<BrandSighting> _logosSeen = [];

    /// <summary>Pixels (of the matched frame) searched for logos around the part of a picture that changed: a logo coming
    /// in moves the cells it covers, but a faint one (65 % opaque over a like-coloured background) may leave cells at its
    /// edge under the change threshold, and SIFT needs some picture around a keypoint.</summary>
    private const int LogoMargin = 64;

    /// <summary>Frames looked at closely (matched and read) so far; the others showed what the one before them showed.</summary>
    public int FramesLookedAt { get; private set; }

    /// <summary>A frame as <see cref="Scenes.FfmpegFrameReader"/> hands it out: I420, <paramref name="height"/> × 3/2 rows.
    /// Logos are matched on its luma plane as is; it is converted to BGR only for OCR.</summary>
    public FrameBrands DetectI420(Mat i420, int width, int height) => DetectI420([i420], width, height)[0];

    /// <summary>Frames in time order (as <see cref="DetectI420(Mat, int, int)"/> takes them), each result what that one
    /// frame after the other would give. Which frames are looked at is decided in order (the change test is cheap); then
    /// their logos are matched two frames at a time (one matcher keeps only 1.2 of 2 cores busy: much of SIFT and all of
    /// FLANN and RANSAC run on one thread), while OCR reads them one after another beside it (each read starts from the
    /// lines of the one before). A frame goes to one of the two matchers by its place among those looked at, not by which
    /// matcher is free, so the same frames always meet the same matcher.</summary>
    public IReadOnlyList<FrameBrands> DetectI420(IReadOnlyList<Mat> frames, int width, int height)
    {
        // Each frame's luma plane, its first rows (disposed below).
        var lumas = frames.Select(f => new Mat(f, new Rect(0, 0, width, height))).ToArray();
        try
        {
            var changes = lumas.Select(l => _change.Changed(l)).ToArray();
            var lookedAt = Enumerable.Range(0, frames.Count).Where(i => changes[i] is not null).ToArray();
            if (lookedAt.Length > 1) _secondLogos ??= new LogoMatcher(brands, settings);
            // Searched before the logos of the frame before are known (the other matcher may be finding them): the part
            // is checked against those below and searched again in the rare case it cuts one.
            var parts = changes.Select(c => c is { } changed ? LogoPart(Around(changed), [], new Size(width, height)) : null).ToArray();
            var matching = Task.WhenAll(new[] { _logos, _secondLogos }.Take(Math.Min(2, lookedAt.Length)).Select((matcher, k) => Task.Run(() =>
                lookedAt.Where((_, j) => j % 2 == k).Select(i => (Frame: i, Sightings: matcher!.Match(lumas[i], parts[i]))).ToList())));
            IReadOnlyList<TextLine>?[] lines;
            try
            {
                lines = ReadText(frames, lookedAt, changes);
            }
            catch
            {
                // The frames stay in use until the matching is done with them.
                Task.WaitAny(matching);
                throw;
            }
            var sightings = matching.GetAwaiter().GetResult().SelectMany(m => m).ToDictionary(m => m.Frame, m => m.Sightings);

            var results = new FrameBrands[frames.Count];
            for (var i = 0; i < frames.Count; i++)
            {
                if (changes[i] is null)
                {
                    // Not the detector's first frame: that one always counts as changed.
                    results[i] = _lookedAt!;
                    continue;
                }
                FramesLookedAt++;
                var part = LogoPart(Around(changes[i]!), _logosSeen, new Size(width, height));
                var logos = Seen(part == parts[i] ? sightings[i] : _logos.Match(lumas[i], part), part);
                results[i] = _lookedAt = lines[i] is { } read ? WithText(logos, read, (double)width * height) : new FrameBrands(logos, []);
            }
            return results;
        }
        finally
        {
            foreach (var luma in lumas) luma.Dispose();
        }
    }

    /// <summary>The text of each frame looked at, in order (null for the others, and for all without OCR).</summary>
    private IReadOnlyList<TextLine>?[] ReadText(IReadOnlyList<Mat> frames, int[] lookedAt, IReadOnlyList<Rect>?[] changes)
    {
        var lines = new IReadOnlyList<TextLine>?[frames.Count];
        if (text is null) return lines;
        var before = _lookedAt?.Text;
        using var bgr = new Mat();
        foreach (var i in lookedAt)
        {
            Cv2.CvtColor(frames[i], bgr, ColorConversionCodes.YUV2BGR_I420);
            lines[i] = before = ReadChanged(bgr, changes[i], before);
        }
        return lines;
    }

    /// <summary>The rectangle around all the parts of a frame that changed: logos are matched in one part (SIFT's cost
    /// is mostly per keypoint, and the logos seen before are kept by where they are).</summary>
    private static Rect Around(IReadOnlyList<Rect> changed) => changed.Aggregate((a, b) => a.Union(b));

    /// <summary>Where logos are looked for in a frame that changed in <paramref name="changed"/>: that part with
    /// <see cref="LogoMargin"/> around it, grown by every logo seen before that it touches (a logo is found whole or not at
    /// all); null (all of the frame) when that is most of it, which costs about the same.</summary>
    private static Rect? LogoPart(Rect changed, IReadOnlyList<BrandSighting> before, Size frame)
    {
        var whole = new Rect(0, 0, frame.Width, frame.Height);
        Rect Around(Rect r) => Rect.FromLTRB(r.Left - LogoMargin, r.Top - LogoMargin, r.Right + LogoMargin, r.Bottom + LogoMargin).Intersect(whole);
        var part = Around(changed);
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var logo in before.Where(s => s.Box.IntersectsWith(part) && !part.Contains(s.Box)))
            {
                part = Around(part.Union(logo.Box));
                grown = true;
            }
        }
        return 2.0 * part.Width * part.Height >= (double)whole.Width * whole.Height ? null : part;
    }

    /// <summary>The logos of the frame: those found in <paramref name="part"/> and, outside it, those seen before (the
    /// best of each brand, as the matcher keeps); they become the ones seen before.</summary>
    private List<BrandSighting> Seen(IReadOnlyList<BrandSighting> found, Rect? part)
    {
        var kept = part is { } searched ? _logosSeen.Where(s => !s.Box.IntersectsWith(searched)) : [];
        var logos = kept.Concat(found).GroupBy(s => s.BrandId).Select(g => g.MaxBy(s => s.Score)!).ToList();
        _logosSeen = logos;
        return [.. logos];
    }

    private FrameBrands WithText(List<BrandSighting> sightings, IReadOnlyList<TextLine> lines, double frameArea)
    {
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

    /// <summary>The text of the frame: where the picture changed it is read again (each changed part grown by every line
    /// read before that it touches, so none is read in part; the reader looks around them too); elsewhere the lines are
    /// those of the frame looked at before.</summary>
    private IReadOnlyList<TextLine> ReadChanged(Mat bgr, IReadOnlyList<Rect>? changed, IReadOnlyList<TextLine>? before)
    {
        var frame = new Rect(0, 0, bgr.Cols, bgr.Rows);
        if (before is null || changed is null) return text!.Read(bgr);
        var regions = changed.Select(part => GrownByLines(part, before, frame)).ToList();
        var read = text!.Read(bgr, regions);
        return before.Where(l => !regions.Any(r => l.Box.IntersectsWith(r)) && !read.Any(r => r.Box.IntersectsWith(l.Box))).Concat(read)
            .OrderBy(l => l.Box.Y).ThenBy(l => l.Box.X).ToList();
    }

    private static Rect GrownByLines(Rect part, IReadOnlyList<TextLine> lines, Rect frame)
    {
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var line in lines.Where(l => l.Box.IntersectsWith(part) && !part.Contains(l.Box)))
            {
                part = part.Union(line.Box).Intersect(frame);
                grown = true;
            }
        }
        return part;
    }

    public void Dispose()
    {
        _logos.Dispose();
        _secondLogos?.Dispose();
        _change.Dispose();
    }
}
