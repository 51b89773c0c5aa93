using MediaAspire.GpuWorker.Brands;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Brands;

namespace MediaAspire.GpuWorker.Live;

/// <summary>
/// Analyses one live stream segment by segment, as they close: each segment file in, its <see cref="SegmentFindings"/>
/// out. One decode per segment (<see cref="FfmpegFrameReader"/>, at the brand matching size) feeds the scene pass's own
/// pieces — the frame reduction (<see cref="FrameAnalyzer"/>) and ONE <see cref="TransitionDetector"/> for the whole
/// stream, so its look-ahead and motion level run on across segment boundaries (a cut on a boundary is decided once,
/// a pan across one is not a cut) — the warm classifier for the segment's keyframe (its sharpest analysed frame), and
/// the brand detector (<see cref="BrandFrameDetector"/>, logos) at the brands job's default rate, its sightings merged
/// across segments (<see cref="LiveBrandAppearances"/>).
/// <para>Times: a segment opens with a keyframe at the start the segmenter reported, so each segment's frames are
/// counted from its first, at that start: the segments' clock, which the <c>segment</c> events carry (the first
/// segment's start is reported as 0 even where the first frame has a decoder delay, so no origin is taken from it).</para>
/// Memory is flat however long the stream: a fixed ring of signatures, one keyframe buffer, the open brand runs.
/// Not thread-safe: one per stream, fed in order.
/// </summary>
public sealed class LiveSegmentAnalyser : IDisposable
{
    private const double BrandInterval = 1 / BrandsRequest.DefaultFps;

    private readonly ContentClassifier _classifier;
    private readonly SceneDetectionOptions _options;
    private readonly BrandSettings _brandSettings;
    private readonly FrameAnalyzer _frames;
    private readonly BrandFrameDetector _brands;
    private readonly LiveBrandAppearances _appearances;
    private readonly KeyframeCandidate _keyframe = new();
    private (int Width, int Height, SceneSampling Sampling)? _format;
    private TransitionDetector? _detector;
    private double _lastTime = double.NegativeInfinity, _nextBrandSample = double.NegativeInfinity;

    /// <param name="brands">The stream's tenant's brands.</param>
    public LiveSegmentAnalyser(ContentClassifier classifier, IReadOnlyList<BrandDefinition> brands, BrandSettings brandSettings, SceneDetectionOptions options)
    {
        options.Validate();
        (_classifier, _options, _brandSettings) = (classifier, options, brandSettings);
        _frames = new FrameAnalyzer(options.AnalysisWidth);
        // Logos only: reading text in every sampled frame would not keep up with a live stream on CPU.
        _brands = new BrandFrameDetector(brands, brandSettings, text: null);
        _appearances = new LiveBrandAppearances(brandSettings, BrandInterval);
    }

    /// <param name="path">The segment's file.</param>
    /// <exception cref="UnreadableMediaException">The segment has no decodable video.</exception>
    public SegmentFindings Analyse(ClosedSegment segment, string path, CancellationToken cancellationToken)
    {
        var (width, height, sampling) = _format ??= Format(path, cancellationToken);
        var detector = _detector ??= new TransitionDetector(_options, sampling.SampleRate);
        var cuts = new List<double>();
        var sharpest = double.NegativeInfinity;
        using (var reader = FfmpegFrameReader.Open(path, width, height, sampling.MinSpacing, cancellationToken))
        {
            while (reader.Read(out var t, cancellationToken))
            {
                t = Place(segment.Start + t, sampling.SampleRate, segment.Start);
                var sharpness = _frames.Analyze(reader.Frame, detector.NextSignature);
                cuts.AddRange(detector.Push(t).Where(b => b.IsCut).Select(b => b.Start));
                if (sharpness > sharpest)
                {
                    sharpest = sharpness;
                    _keyframe.Take(0, t, sharpness, reader.Frame);
                }
                if (t < _nextBrandSample) continue;
                _nextBrandSample = t + BrandInterval - sampling.MinSpacing / 2;
                _appearances.Add(t, _brands.DetectI420(reader.Frame, width, height).Sightings);
            }
        }
        return new SegmentFindings(cuts, double.IsFinite(sharpest) ? [Score()] : [], _appearances.Close(segment.End, streamEnded: false));
    }

    /// <summary>What the stream's end decides: the cuts still in the detector's look-ahead, the appearances still open.</summary>
    /// <param name="end">The end of the last segment.</param>
    public SegmentFindings Finish(double end)
    {
        var cuts = _detector?.Finish().Where(b => b.IsCut).Select(b => b.Start).ToList() ?? [];
        return new SegmentFindings(cuts, [], _appearances.Close(end, streamEnded: true));
    }

    /// <summary>The stream's picture size for decoding (as the brands job reduces it) and its scene sampling, from the first segment.</summary>
    private (int, int, SceneSampling) Format(string path, CancellationToken cancellationToken)
    {
        var probe = new MediaProber().ProbeAsync(path, cancellationToken).GetAwaiter().GetResult();
        if (probe.PrimaryVideo is not { } video) throw new UnreadableMediaException("The stream has no video that can be decoded.");
        var (width, height) = BrandScan.AnalysisSize(video, _brandSettings.MatchLongSide);
        return (width, height, SceneSampling.Of(video, _options));
    }

    /// <summary>Frames without a usable timestamp (or going back) are placed one sample after the previous one.</summary>
    private double Place(double t, double sampleRate, double segmentStart)
    {
        var previous = double.IsFinite(_lastTime) ? _lastTime : segmentStart - 1 / sampleRate;
        _lastTime = double.IsFinite(t) && t > _lastTime ? t : previous + 1 / sampleRate;
        return _lastTime;
    }

    private ScoredKeyframe Score()
    {
        using var keyframe = _keyframe.ToKeyframe();
        return new ScoredKeyframe(keyframe.Time, _classifier.Score([keyframe.Image])[0]);
    }

    public void Dispose()
    {
        _frames.Dispose();
        _brands.Dispose();
        _keyframe.Dispose();
    }
}
