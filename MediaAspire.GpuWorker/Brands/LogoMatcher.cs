using MediaAspire.Platform.Brands;
using OpenCvSharp;
using OpenCvSharp.Features2D;
using OpenCvSharp.Flann;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>
/// Finds registered logos in frames by local-feature matching with geometric verification: SIFT keypoints of the frame,
/// each matched to its two nearest logo descriptors (a FLANN k-d forest over every logo's stored descriptors, built once),
/// Lowe's ratio test, then per logo a RANSAC homography from the logo to the frame that must be plausible: enough inliers,
/// spread over the logo, a convex and unmirrored outline of sensible area, scale and shape. That is what makes scale,
/// rotation, partial transparency and compression not matter, and an unregistered logo (however logo-like) not match.
/// <para>Pure (frames in, sightings out) and reused frame after frame; not thread-safe: one per job or live stream.</para>
/// </summary>
public sealed class LogoMatcher : IDisposable
{
    private const int ScoreHalfInliers = 10;

    private readonly BrandSettings _settings;
    private readonly List<Logo> _logos = [];
    private readonly List<Mat> _descriptors = [];
    private readonly FlannBasedMatcher? _matcher;
    private readonly SIFT _detector;

    public LogoMatcher(IReadOnlyList<BrandDefinition> brands, BrandSettings settings)
    {
        _settings = settings;
        _detector = LogoFeatures.CreateDetector(settings.MaxFrameKeypoints);
        for (var b = 0; b < brands.Count; b++)
        {
            foreach (var stored in brands[b].Logos)
            {
                var (points, descriptors) = LogoFeatures.Read(stored.Features);
                _logos.Add(new Logo(brands[b], b, points, stored.Width, stored.Height));
                _descriptors.Add(descriptors);
            }
        }
        if (_logos.Count == 0) return;
        _matcher = new FlannBasedMatcher(new KDTreeIndexParams(4), new SearchParams(48));
        _matcher.Add(_descriptors);
        _matcher.Train();
    }

    /// <summary>How many logos it looks for.</summary>
    public int LogoCount => _logos.Count;

    /// <summary>The best-matching logo of each brand found in <paramref name="gray"/> (8-bit, one channel), scored at least
    /// the brand's min_score; only in <paramref name="part"/> of it when given (keypoints come from that part alone, boxes
    /// and area shares are in and of the whole frame).</summary>
    public IReadOnlyList<BrandSighting> Match(Mat gray, Rect? part = null)
    {
        if (_matcher is null) return [];
        var searched = part ?? new Rect(0, 0, gray.Cols, gray.Rows);
        using var descriptors = new Mat();
        using var crop = new Mat(gray, searched);
        _detector.DetectAndCompute(crop, null, out var inCrop, descriptors);
        var keypoints = inCrop.Select(k => k with { Pt = new Point2f(k.Pt.X + searched.X, k.Pt.Y + searched.Y) }).ToArray();
        if (keypoints.Length < _settings.MinMatches) return [];
        var knn = _matcher.KnnMatch(descriptors, 2);

        // Per logo, per logo keypoint: the closest frame keypoint that passed the ratio test.
        var byLogo = new Dictionary<int, Dictionary<int, DMatch>>();
        foreach (var pair in knn)
        {
            if (pair.Length == 0) continue;
            var best = pair[0];
            // The runner-up is another logo of the same brand: not ambiguous about the brand, so no ratio test.
            var passes = pair.Length < 2 || best.Distance < _settings.RatioTest * pair[1].Distance
                || (pair[1].ImgIdx != best.ImgIdx && _logos[pair[1].ImgIdx].BrandIndex == _logos[best.ImgIdx].BrandIndex);
            if (!passes) continue;
            if (!byLogo.TryGetValue(best.ImgIdx, out var matches)) byLogo[best.ImgIdx] = matches = [];
            if (!matches.TryGetValue(best.TrainIdx, out var kept) || best.Distance < kept.Distance) matches[best.TrainIdx] = best;
        }

        var frameArea = (double)gray.Cols * gray.Rows;
        var bestPerBrand = new Dictionary<int, BrandSighting>();
        foreach (var (logoIndex, matches) in byLogo)
        {
            if (matches.Count < _settings.MinMatches) continue;
            var logo = _logos[logoIndex];
            var from = matches.Values.Select(m => new Point2d(logo.Points[m.TrainIdx].X, logo.Points[m.TrainIdx].Y)).ToArray();
            var to = matches.Values.Select(m => new Point2d(keypoints[m.QueryIdx].Pt.X, keypoints[m.QueryIdx].Pt.Y)).ToArray();
            if (Verify(logo, from, to, frameArea, gray.Size()) is not { } found) continue;
            var score = (double)found.Inliers / (found.Inliers + ScoreHalfInliers);
            if (score < logo.Brand.MinScore) continue;
            if (bestPerBrand.TryGetValue(logo.BrandIndex, out var other) && other.Score >= score) continue;
            bestPerBrand[logo.BrandIndex] = new BrandSighting(logo.Brand.Id, logo.Brand.Name, BrandSources.Logo, score, found.Box, found.Area / frameArea);
        }
        return bestPerBrand.Values.ToList();
    }

    /// <summary>The homography from the logo to the frame, if RANSAC finds one the logo could really have been shown with.</summary>
    private (int Inliers, Rect Box, double Area)? Verify(Logo logo, Point2d[] from, Point2d[] to, double frameArea, Size frame)
    {
        using var inlierMask = new Mat();
        using var homography = Cv2.FindHomography(from, to, HomographyMethods.Ransac, _settings.RansacThreshold, inlierMask);
        if (homography.Empty()) return null;
        inlierMask.GetArray(out byte[] inlierFlags);
        var inliers = inlierFlags.Count(f => f != 0);
        if (inliers < _settings.MinInliers) return null;

        // The inliers must cover a fair part of the logo: a cluster in one corner fits a homography by chance.
        var inlierPoints = from.Where((_, i) => inlierFlags[i] != 0).ToArray();
        var spreadX = inlierPoints.Max(p => p.X) - inlierPoints.Min(p => p.X);
        var spreadY = inlierPoints.Max(p => p.Y) - inlierPoints.Min(p => p.Y);
        if (spreadX < 0.25 * logo.Width || spreadY < 0.25 * logo.Height) return null;

        homography.GetArray(out double[] h);
        // No mirror image: the top-left 2x2 keeps its orientation.
        if (h[0] * h[4] - h[1] * h[3] <= 0) return null;
        var corners = Cv2.PerspectiveTransform(
            [new Point2d(0, 0), new Point2d(logo.Width, 0), new Point2d(logo.Width, logo.Height), new Point2d(0, logo.Height)], homography);
        var outline = corners.Select(c => new Point2f((float)c.X, (float)c.Y)).ToArray();
        if (outline.Any(c => !float.IsFinite(c.X) || !float.IsFinite(c.Y)) || !Cv2.IsContourConvex(outline)) return null;
        var area = Cv2.ContourArea(outline);
        // From 1/2000 of the picture (a 21x21 px patch at 960x540) to all of it; shrunk or grown at most 30x.
        if (area < frameArea / 2000 || area > frameArea) return null;
        var scale = Math.Sqrt(area / ((double)logo.Width * logo.Height));
        if (scale is < 1.0 / 30 or > 30) return null;
        // Opposite sides within 2x of each other: perspective, not a collapsed or twisted quadrilateral.
        double Side(int a, int b) => Math.Sqrt(Math.Pow(corners[a].X - corners[b].X, 2) + Math.Pow(corners[a].Y - corners[b].Y, 2));
        var (top, right, bottom, left) = (Side(0, 1), Side(1, 2), Side(2, 3), Side(3, 0));
        if (Math.Max(top, bottom) > 2 * Math.Min(top, bottom) || Math.Max(left, right) > 2 * Math.Min(left, right)) return null;
        // The logo's aspect ratio survives within 2x (a logo squashed to a sliver is a coincidence).
        var aspect = (top + bottom) / (left + right) / ((double)logo.Width / logo.Height);
        if (aspect is < 0.5 or > 2) return null;

        var box = Cv2.BoundingRect(outline).Intersect(new Rect(0, 0, frame.Width, frame.Height));
        return box.Width <= 0 || box.Height <= 0 ? null : (inliers, box, area);
    }

    public void Dispose()
    {
        _matcher?.Dispose();
        _detector.Dispose();
        foreach (var descriptors in _descriptors) descriptors.Dispose();
    }

    private sealed record Logo(BrandDefinition Brand, int BrandIndex, Point2f[] Points, int Width, int Height);
}
